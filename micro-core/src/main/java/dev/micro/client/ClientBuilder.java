package dev.micro.client;

import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.PluginDefaults;
import dev.micro.codec.Codecs;
import dev.micro.registry.Registry;
import dev.micro.transport.TlsConfig;
import dev.micro.transport.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Client} that is not owned by a service. Unset values come from settings
 * ({@code MICRO_REGISTRY}, {@code MICRO_TRANSPORT}, {@code MICRO_CLIENT_REQUEST_TIMEOUT},
 * {@code MICRO_CLIENT_RETRIES}, {@code MICRO_SELECTOR}) and then defaults: file registry, grpc,
 * 30 s, 3 attempts, round robin.
 */
public final class ClientBuilder {
  private Registry registry;
  private boolean ownsRegistry;
  private String transport;
  private Strategy strategy;
  private Duration timeout;
  private Integer maxAttempts;
  private boolean localCalls = true;
  private int maxMessageBytes = TransportOptions.DEFAULT_MAX_MESSAGE_BYTES;
  private final List<ClientInterceptor> interceptors = new ArrayList<>();
  private TlsConfig tls;

  /** The registry to discover services in; the client does not close it. */
  public ClientBuilder registry(Registry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ownsRegistry = false;
    return this;
  }

  /** A registry by URL; the client closes it. */
  public ClientBuilder registry(String url) {
    this.registry = Micro.registry(url);
    this.ownsRegistry = true;
    return this;
  }

  /** The transport used for nodes that do not advertise one, and for fixed addresses. */
  public ClientBuilder transport(String transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return this;
  }

  public ClientBuilder strategy(Strategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /** The default timeout of a call, retries included. */
  public ClientBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** How many nodes a call may try (1 disables retries). */
  public ClientBuilder maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
    }
    this.maxAttempts = maxAttempts;
    return this;
  }

  public ClientBuilder maxMessageBytes(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
    return this;
  }

  /**
   * Whether nodes served by this JVM are called in-process, skipping the socket (default true).
   * Turn it off to exercise the transport, as tests and benchmarks do.
   */
  public ClientBuilder localCalls(boolean localCalls) {
    this.localCalls = localCalls;
    return this;
  }

  /**
   * TLS for nodes registered with {@code secure=true} (and for fixed addresses): the client checks
   * the server with {@code tls}'s trust manager and presents its certificate, if it has one.
   * Without it, calls to secure nodes fail with UNAVAILABLE.
   */
  public ClientBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return this;
  }

  public ClientBuilder interceptor(ClientInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  public Client build() {
    Registry r = registry;
    boolean owns = ownsRegistry;
    if (r == null) {
      r = Micro.registry(Micro.defaultRegistryUrl());
      owns = true;
    }
    Selector selector = new Selector(r);
    Registry toClose = owns ? r : null;
    TransportOptions topts = new TransportOptions(maxMessageBytes, java.util.Map.of());
    DiscoveryClient.Config config = new DiscoveryClient.Config(selector, true, Codecs.load(),
        tls == null ? topts : topts.withTls(tls),
        transport != null ? transport : PluginDefaults.transport(),
        strategy != null ? strategy : PluginDefaults.strategy(),
        timeout != null ? timeout : PluginDefaults.clientTimeout(),
        maxAttempts != null ? maxAttempts : PluginDefaults.clientAttempts(),
        RetryBudget.defaults(), interceptors, localCalls);
    DiscoveryClient client = new DiscoveryClient(config);
    if (toClose == null) {
      return client;
    }
    return new ClosingClient(client, toClose);
  }
}
