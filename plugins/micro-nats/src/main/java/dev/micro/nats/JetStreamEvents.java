package dev.micro.nats;

import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Consumer;
import dev.micro.events.Event;
import dev.micro.events.EventHandler;
import dev.micro.events.Events;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Durable event streams on NATS JetStream ({@code jetstream://host:4222} or
 * {@code nats://host:4222?jetstream=true}), laid out as go-micro's {@code natsjs}: one stream per
 * topic (subject = topic, file storage), created on first use, holding each event as go-micro's
 * event JSON ({@link Event#toJson()}). A topic must be a NATS subject one can publish to (no
 * wildcards, white space or empty tokens), else {@link #publish} and {@link #consume} throw
 * {@link IllegalArgumentException}; an event larger than the server's {@code max_payload} as JSON
 * fails with {@code RESOURCE_EXHAUSTED}. One durable pull consumer per group (explicit ack, the
 * group's ack wait, {@code maxDeliver} = retry limit + 1, start by {@link dev.micro.events.Offset}).
 * Consuming a group that exists already resumes it where it is; if its ack wait or
 * {@code maxDeliver} differ from the consume options, they are changed to the options' (for every
 * member of the group), and if the server refuses, {@link #consume} fails with
 * {@code FAILED_PRECONDITION}. A longer ack wait is kept back (and a warning logged) while
 * events of the group are delivered and not acknowledged, since JetStream would apply it to
 * those too: the events of a member that died come back after the ack wait they were delivered
 * with, as on the other streams.
 * Stream and consumer names are the topic and group as they are when JetStream allows them as
 * names; otherwise the characters it forbids ({@code . * > / \} and white space) become {@code _}
 * and {@code _} plus 8 hex digits of the SHA-256 of the original name is appended, so that
 * {@code bill.v2} and {@code bill_v2} stay two groups ({@code bill_v2_1a2b3c4d} and
 * {@code bill_v2}). A stream of that name that exists already must hold the topic's subject, else
 * publishing and consuming fail with {@code FAILED_PRECONDITION}.
 *
 * <p>Each member pulls on its own virtual thread, a small batch at a time so that members of a
 * group share the work. Closing a member hands the events it pulled but had not started back to
 * the group ({@code nak}); an event it was handling and did not acknowledge comes back after the
 * ack wait. Delivery is at least once: an acknowledgement waits for the server to confirm it (one
 * round trip, up to the request timeout), so an acknowledged event never comes again, while an
 * event whose handler was running when its process died comes again after the ack wait. A nack
 * is a {@code nak} with the delay of {@link dev.micro.events.ConsumeOptions#nackDelay(int)}, so
 * the group's later events go first meanwhile. A nack on the last allowed delivery terminates the event for the group and counts it as dropped; an
 * event whose last delivery times out is dropped by the server without being counted here.
 *
 * <p>Streams keep their events forever unless given a retention ({@code ?retention=7d}): the
 * streams this creates then have that max age, and the server removes older events. A stream
 * that exists already keeps its own settings.
 *
 * <p>The connection reconnects without limit; on each reconnect every member asks for fresh
 * pulls, since a restarted server has forgotten the ones it held. {@link #publish} is not retried: while the client
 * knows the server is away it fails with {@code UNAVAILABLE} at once (the provider turns jnats'
 * reconnect buffer off, so nothing is sent later), and when the server does not answer within
 * the request timeout (default 2 s) it fails with {@code UNAVAILABLE} too, but then the event
 * may have been stored: retry with care, consumers should be idempotent. Consumers resume by
 * themselves when the server is back. Thread-safe.
 */
public final class JetStreamEvents implements Events {
  private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Cntrl}]");
  private static final Pattern FORBIDDEN_IN_NAMES = Pattern.compile("[.*>/\\\\\\s]");
  private static final int STREAM_NOT_FOUND = 10059;
  private final Connection connection;
  private final JetStream js;
  private final JetStreamManagement jsm;
  private final String describe;
  private final int batch;
  private final Duration requestTimeout;
  private final Duration retention; // null: keep forever
  private final Set<String> streams = ConcurrentHashMap.newKeySet();
  private final Set<JetStreamConsumer> consumers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private JetStreamEvents(Connection connection, Duration requestTimeout, int batch, Duration retention, String describe)
      throws IOException {
    this.connection = connection;
    JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    this.js = connection.jetStream(jso);
    this.jsm = connection.jetStreamManagement(jso);
    this.batch = batch;
    this.requestTimeout = requestTimeout;
    this.retention = retention;
    this.describe = describe;
    connection.addConnectionListener((conn, event) -> {
      if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
        consumers.forEach(JetStreamConsumer::renewPulls); // the server may be a restarted one
      }
    });
  }

  /**
   * Connects with jnats {@code options}; {@link NatsBrokerBuilder#options()} makes options that
   * reconnect without limit.
   *
   * @param requestTimeout how long a publish or management call waits for the server
   * @param batch how many events a member pulls at a time
   * @throws MicroException with {@code UNAVAILABLE} if no server can be reached
   */
  public static JetStreamEvents connect(Options options, Duration requestTimeout, int batch) {
    return connect(options, requestTimeout, batch, null);
  }

  /**
   * As {@link #connect(Options, Duration, int)}, with the streams it creates keeping events for
   * {@code retention} (JetStream's max age; null keeps them forever).
   */
  public static JetStreamEvents connect(Options options, Duration requestTimeout, int batch, Duration retention) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch: " + batch + " (expected: >= 1)");
    }
    List<String> servers = options.getServers().stream().map(u -> u.getHost() + ":" + u.getPort()).toList();
    String describe = "jetstream://" + String.join(",", servers);
    Connection c = null;
    try {
      c = Nats.connect(options);
      return new JetStreamEvents(c, requestTimeout, batch, retention, describe);
    } catch (IOException e) {
      closeQuietly(c);
      throw unavailable("cannot connect to " + describe, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("interrupted connecting to " + describe), "micro.events");
    }
  }

  /**
   * A JetStream name for a topic or group: itself if JetStream allows it as a name, else with the
   * characters JetStream forbids turned into {@code _} and {@code _} plus the first 8 hex digits
   * of the SHA-256 of {@code topicOrGroup} (UTF-8) appended, so that different names stay apart.
   */
  public static String name(String topicOrGroup) {
    String replaced = FORBIDDEN_IN_NAMES.matcher(topicOrGroup).replaceAll("_");
    if (replaced.equals(topicOrGroup)) {
      return topicOrGroup;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(topicOrGroup.getBytes(StandardCharsets.UTF_8));
      return replaced + "_" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String publish(String topic, byte[] payload, Metadata metadata) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    requireSubject(topic);
    requireOpen();
    Event e = new Event(UUID.randomUUID().toString(), topic, Instant.now(), metadata, payload);
    byte[] data = e.toJsonBytes();
    long max = connection.getMaxPayload();
    if (max > 0 && data.length > max) {
      throw new MicroException(Status.RESOURCE_EXHAUSTED.withDescription("cannot publish to " + topic + " on "
          + describe + ": a payload of " + payload.length + " bytes makes an event of " + data.length
          + " bytes (expected: at most " + max + " bytes, the server's max_payload)"), "micro.events");
    }
    ensureStream(topic);
    try {
      js.publish(topic, data);
      return e.id();
    } catch (IOException | JetStreamApiException | IllegalStateException ex) {
      requireOpen();
      streams.remove(topic); // look for the stream again next time: the server may have lost it
      throw unavailable("cannot publish to " + topic + " on " + describe, ex);
    }
  }

  @Override
  public Consumer consume(String topic, ConsumeOptions options, EventHandler handler) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    requireSubject(topic);
    requireOpen();
    ensureStream(topic);
    String group = options.group().orElseGet(() -> UUID.randomUUID().toString());
    JetStreamConsumer c;
    try {
      c = JetStreamConsumer.start(this, topic, group, options.group().isEmpty(), options, handler);
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      requireOpen();
      throw unavailable("cannot consume " + topic + " in group " + group + " on " + describe, e);
    }
    consumers.add(c);
    if (closed) {
      c.close();
    }
    return c;
  }

  private void ensureStream(String topic) {
    if (streams.contains(topic)) {
      return;
    }
    String stream = name(topic);
    try {
      StreamInfo info;
      try {
        info = jsm.getStreamInfo(stream);
      } catch (JetStreamApiException notFound) {
        if (notFound.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw notFound;
        }
        StreamConfiguration.Builder config = StreamConfiguration.builder().name(stream).subjects(topic)
            .storageType(StorageType.File);
        if (retention != null) {
          config.maxAge(retention);
        }
        try {
          info = jsm.addStream(config.build());
        } catch (JetStreamApiException refused) {
          try {
            info = jsm.getStreamInfo(stream); // made by another client meanwhile
          } catch (JetStreamApiException stillMissing) {
            throw refused; // a real failure: say why the server refused to make it
          }
        }
      }
      List<String> subjects = info.getConfiguration().getSubjects();
      if (subjects.stream().noneMatch(subject -> covers(subject, topic))) {
        throw new MicroException(Status.FAILED_PRECONDITION.withDescription("stream " + stream + " on " + describe
            + " holds subjects " + subjects + " (expected: the subject of topic " + topic + ")"), "micro.events");
      }
      streams.add(topic);
    } catch (JetStreamApiException e) {
      requireOpen();
      if (e.getErrorCode() == 503) { // JetStream not ready yet, as while a server starts
        throw unavailable("cannot create stream " + stream + " on " + describe, e);
      }
      throw new MicroException(Status.FAILED_PRECONDITION.withDescription("cannot create stream " + stream
          + " for topic " + topic + " on " + describe + ": " + e.getMessage()).withCause(e), "micro.events");
    } catch (IOException | IllegalStateException e) {
      requireOpen();
      throw unavailable("cannot create stream " + stream + " on " + describe, e);
    }
  }

  /** Whether the subject {@code pattern} (maybe with {@code *} and {@code >}) matches {@code subject}. */
  static boolean covers(String pattern, String subject) {
    String[] p = pattern.split("\\.", -1);
    String[] s = subject.split("\\.", -1);
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals(">")) {
        return s.length > i;
      }
      if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
        return false;
      }
    }
    return p.length == s.length;
  }

  Connection connection() {
    return connection;
  }

  JetStreamManagement management() {
    return jsm;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  int batch() {
    return batch;
  }

  void forget(JetStreamConsumer c) {
    consumers.remove(c);
  }

  /** Whether the connection to a server is up now (it may be reconnecting). */
  public boolean isConnected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumers.forEach(Consumer::close);
    closeQuietly(connection);
  }

  /**
   * Refuses a topic that is not a NATS subject one may publish to: empty, an empty token, a
   * wildcard ({@code *} or {@code >}) or white space.
   */
  private static void requireSubject(String topic) {
    boolean ok = !topic.isEmpty() && !WHITE_SPACE.matcher(topic).find();
    for (String token : topic.split("\\.", -1)) {
      ok &= !token.isEmpty() && token.indexOf('*') < 0 && token.indexOf('>') < 0;
    }
    if (!ok) {
      throw new IllegalArgumentException("topic: '" + topic + "' (expected: a NATS subject: tokens separated by '.',"
          + " none empty, without '*', '>' or white space)");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("events " + describe + " are closed");
    }
  }

  static MicroException unavailable(String what, Exception e) {
    return new MicroException(Status.UNAVAILABLE.withDescription(what + ": " + e.getMessage()).withCause(e), "micro.events");
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
