package dev.micro.nats;

import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link NatsBroker}. Defaults: server {@code 127.0.0.1:4222}, reconnect without
 * limit every 250 ms (with jnats' jitter), connect timeout 5 s, no credentials, jnats' pending
 * limits per subscription (524,288 messages, 64 MiB). Not thread-safe.
 *
 * <pre>{@code
 * NatsBroker broker = NatsBroker.builder()
 *     .servers(List.of("10.0.0.1:4222", "10.0.0.2:4222"))
 *     .userInfo("svc", "secret")
 *     .build();
 * }</pre>
 */
public final class NatsBrokerBuilder {
  private final List<String> servers = new ArrayList<>();
  private String user;
  private String password;
  private String token;
  private String connectionName = "micro";
  private Duration reconnectWait = Duration.ofMillis(250);
  private Duration connectTimeout = Duration.ofSeconds(5);
  private NatsWireFormat format = NatsWireFormat.ENVELOPE;
  private long pendingMessages = io.nats.client.Consumer.DEFAULT_MAX_MESSAGES;
  private long pendingBytes = io.nats.client.Consumer.DEFAULT_MAX_BYTES;

  NatsBrokerBuilder() {}

  /** The servers as {@code host:port} (or {@code nats://host:port}); replaces earlier ones. */
  public NatsBrokerBuilder servers(List<String> servers) {
    Objects.requireNonNull(servers, "servers");
    this.servers.clear();
    for (String s : servers) {
      this.servers.add(Objects.requireNonNull(s, "server").contains("://") ? s : "nats://" + s);
    }
    return this;
  }

  /** User and password for the server. */
  public NatsBrokerBuilder userInfo(String user, String password) {
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** An authentication token for the server. */
  public NatsBrokerBuilder token(String token) {
    this.token = Objects.requireNonNull(token, "token");
    return this;
  }

  /** The connection name the server shows in its monitoring; default {@code micro}. */
  public NatsBrokerBuilder connectionName(String name) {
    this.connectionName = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The pause between reconnect attempts; default 250 ms. */
  public NatsBrokerBuilder reconnectWait(Duration wait) {
    this.reconnectWait = positive("reconnectWait", wait);
    return this;
  }

  /** How long one connect attempt may take; default 5 s. */
  public NatsBrokerBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive("connectTimeout", timeout);
    return this;
  }

  /**
   * How many messages, and how many bytes of them, may wait for one subscription's handler
   * before the client drops what comes next (core NATS has no flow control: a subscriber that
   * cannot keep up loses messages, counted in {@link dev.micro.broker.Subscription#dropped()}).
   * Defaults: jnats' 524,288 messages and 64 MiB.
   */
  public NatsBrokerBuilder pendingLimits(long messages, long bytes) {
    if (messages < 1) {
      throw new IllegalArgumentException("pendingMessages: " + messages + " (expected: >= 1)");
    }
    if (bytes < 1) {
      throw new IllegalArgumentException("pendingBytes: " + bytes + " (expected: >= 1)");
    }
    this.pendingMessages = messages;
    this.pendingBytes = bytes;
    return this;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }

  /** The jnats options this builder stands for. */
  public Options options() {
    Options.Builder b = new Options.Builder()
        .servers((servers.isEmpty() ? List.of("nats://127.0.0.1:4222") : servers).toArray(String[]::new))
        .connectionName(connectionName)
        .maxReconnects(-1) // never give up: the broker outlives server restarts
        .reconnectWait(reconnectWait)
        .connectionTimeout(connectTimeout)
        .errorListener(new SlowConsumerLog());
    if (user != null) {
      b.userInfo(user, password);
    }
    if (token != null) {
      b.token(token);
    }
    return b.build();
  }

  /**
   * How messages are written (default {@link NatsWireFormat#ENVELOPE}, go-micro's); all forms are
   * read whatever this is.
   */
  public NatsBrokerBuilder format(NatsWireFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    return this;
  }

  /**
   * A builder from the connection part of a {@code nats://} or {@code jetstream://} URL: hosts,
   * user (a part without a colon is a token), {@code name}, {@code reconnectWait},
   * {@code connectTimeout}, {@code pendingMessages}, {@code pendingBytes}. Other parameters are
   * the caller's to read.
   */
  static NatsBrokerBuilder fromUri(dev.micro.plugin.PluginUri uri) {
    NatsBrokerBuilder b = new NatsBrokerBuilder();
    if (!uri.hosts().isEmpty()) {
      b.servers(uri.hosts());
    }
    uri.user().ifPresent(u -> {
      int colon = u.indexOf(':');
      if (colon < 0) {
        b.token(u);
      } else {
        b.userInfo(u.substring(0, colon), u.substring(colon + 1));
      }
    });
    uri.param("name").ifPresent(b::connectionName);
    uri.durationParam("reconnectWait").ifPresent(b::reconnectWait);
    uri.durationParam("connectTimeout").ifPresent(b::connectTimeout);
    b.pendingLimits(longParam(uri, "pendingMessages", b.pendingMessages), longParam(uri, "pendingBytes", b.pendingBytes));
    return b;
  }

  private static long longParam(dev.micro.plugin.PluginUri uri, String name, long otherwise) {
    return uri.param(name).map(v -> {
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": '" + v + "' (expected: an integer >= 1)");
      }
    }).orElse(otherwise);
  }

  /**
   * Connects.
   *
   * @throws dev.micro.MicroException with {@code UNAVAILABLE} if no server can be reached
   */
  public NatsBroker build() {
    return NatsBroker.connect(options(), format, pendingMessages, pendingBytes);
  }
}
