package dev.micro.nats;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.broker.AbstractSubscription;
import dev.micro.broker.Broker;
import dev.micro.broker.Handler;
import dev.micro.broker.JsonEnvelope;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * A broker on core NATS ({@code nats://host:4222[,host2:4222]}), wire compatible with go-micro's
 * nats broker: a message is published to the subject named by its topic as go-micro's JSON
 * envelope ({@link JsonEnvelope}), and a queue group is a NATS queue subscription
 * ({@code QueueSubscribe(topic, queue)}).
 *
 * <p>Each subscription is drained by its own virtual thread, one message at a time, in the order
 * NATS delivered them. Core NATS has no acknowledgements: {@link dev.micro.broker.Delivery#ack()}
 * and {@code nack()} only settle locally, and a handler that throws is logged and counted as
 * failed, never redelivered. Messages are at most once; nothing is kept for subscribers that are
 * away. A subscriber that falls further behind than its pending limits
 * ({@link NatsBrokerBuilder#pendingLimits}) loses what comes next: counted in
 * {@link Subscription#dropped()} and logged at most every 10 s.
 *
 * <p>With {@code ?format=headers} or {@code ?format=binary} ({@link NatsWireFormat}) messages
 * travel as NATS headers plus the raw body, or in Micro's compact frame: smaller and faster, but
 * go-micro cannot read them. Receiving accepts every form whatever the broker writes.
 *
 * <p>The connection reconnects by itself without limit (jnats), re-subscribing every
 * subscription; while it is away, publishes are buffered by jnats up to its reconnect buffer and
 * sent after the subscriptions, so they reach the subscribers that are back by then (a message
 * written just before the client noticed the server die is lost with the socket).
 * Thread-safe.
 */
public final class NatsBroker implements Broker {
  private static final System.Logger LOG = System.getLogger(NatsBroker.class.getName());
  private static final Duration SUBSCRIBE_FLUSH = Duration.ofSeconds(2);

  private final Connection connection;
  private final String describe;
  private final NatsWireFormat format;
  private final long pendingMessages;
  private final long pendingBytes;
  private final Set<NatsSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private NatsBroker(Connection connection, String describe, NatsWireFormat format, long pendingMessages,
      long pendingBytes) {
    this.connection = connection;
    this.describe = describe;
    this.format = format;
    this.pendingMessages = pendingMessages;
    this.pendingBytes = pendingBytes;
  }

  /**
   * Connects with jnats {@code options} as they are. {@link #builder()} makes options that
   * reconnect without limit.
   *
   * @throws MicroException with {@code UNAVAILABLE} if no server can be reached
   */
  public static NatsBroker connect(Options options) {
    return connect(options, NatsWireFormat.ENVELOPE);
  }

  /** As {@link #connect(Options)}, choosing how messages are written. */
  public static NatsBroker connect(Options options, NatsWireFormat format) {
    return connect(options, format, io.nats.client.Consumer.DEFAULT_MAX_MESSAGES,
        io.nats.client.Consumer.DEFAULT_MAX_BYTES);
  }

  static NatsBroker connect(Options options, NatsWireFormat format, long pendingMessages, long pendingBytes) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(format, "format");
    List<String> servers = options.getServers().stream().map(u -> u.getHost() + ":" + u.getPort()).toList();
    String describe = "nats://" + String.join(",", servers);
    try {
      return new NatsBroker(Nats.connect(options), describe, format, pendingMessages, pendingBytes);
    } catch (IOException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot connect to " + describe + ": " + e.getMessage())
          .withCause(e), "micro.broker");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("interrupted connecting to " + describe), "micro.broker");
    }
  }

  /** A builder for a broker on servers such as {@code 127.0.0.1:4222}. */
  public static NatsBrokerBuilder builder() {
    return new NatsBrokerBuilder();
  }

  @Override
  public void publish(String topic, Message message) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    requireOpen();
    Message addressed = message.addressedTo(topic);
    io.nats.client.impl.Headers headers = format == NatsWireFormat.HEADERS ? asNatsHeaders(addressed) : null;
    byte[] data = switch (format) {
      case BINARY -> BinaryFrame.encode(topic, addressed);
      case HEADERS -> headers == null ? JsonEnvelope.encode(addressed) : addressed.body(); // receivers read either form
      case ENVELOPE -> JsonEnvelope.encode(addressed);
    };
    long size = data.length + (headers == null ? 0 : headers.serializedLength());
    long max = connection.getMaxPayload();
    if (max > 0 && size > max) {
      throw new MicroException(Status.RESOURCE_EXHAUSTED.withDescription("cannot publish to " + topic + " on "
          + describe + ": the message is " + size + " bytes on the wire (body " + addressed.body().length
          + "), over the server's max_payload of " + max), "micro.broker");
    }
    try {
      if (headers == null) {
        connection.publish(topic, data);
      } else {
        connection.publish(topic, headers, data);
      }
    } catch (IllegalArgumentException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription("cannot publish to " + topic + " on "
          + describe + ": " + e.getMessage()).withCause(e), "micro.broker");
    } catch (IllegalStateException e) {
      requireOpen();
      // closed by jnats, or its reconnect buffer is full
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot publish to " + topic + " on " + describe
          + ": " + e.getMessage()).withCause(e), "micro.broker");
    }
  }

  /** The headers as NATS headers, or null if one of them cannot be (NATS takes printable ASCII only). */
  private static io.nats.client.impl.Headers asNatsHeaders(Message message) {
    io.nats.client.impl.Headers h = new io.nats.client.impl.Headers();
    try {
      message.headers().forEach(h::put);
      return h;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public Subscription subscribe(String topic, Handler handler, SubscribeOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    requireOpen();
    io.nats.client.Subscription sub;
    try {
      sub = options.queue().isPresent() ? connection.subscribe(topic, options.queue().get()) : connection.subscribe(topic);
    } catch (IllegalStateException e) {
      requireOpen();
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot subscribe to " + topic + " on " + describe
          + ": " + e.getMessage()).withCause(e), "micro.broker");
    }
    sub.setPendingLimits(pendingMessages, pendingBytes);
    NatsSubscription s = new NatsSubscription(topic, handler, options, sub);
    subscriptions.add(s);
    s.start();
    flushSubscription(topic);
    if (closed) {
      s.unsubscribe();
    }
    return s;
  }

  /** Waits until the server has the subscription, so that messages published next reach it. */
  private void flushSubscription(String topic) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return; // jnats sends the subscription when it reconnects
    }
    try {
      connection.flush(SUBSCRIBE_FLUSH);
    } catch (TimeoutException | IllegalStateException e) {
      LOG.log(System.Logger.Level.DEBUG, "subscription to " + topic + " not confirmed yet: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    subscriptions.forEach(Subscription::unsubscribe);
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + describe + " is closed");
    }
  }

  private final class NatsSubscription extends AbstractSubscription {
    private final io.nats.client.Subscription sub;

    NatsSubscription(String topic, Handler handler, SubscribeOptions options, io.nats.client.Subscription sub) {
      super(topic, handler, options);
      this.sub = sub;
    }

    void start() {
      Thread.ofVirtual().name("micro-nats-" + topic()).start(this::run);
    }

    private void run() {
      while (isActive()) {
        io.nats.client.Message m;
        try {
          m = sub.nextMessage(Duration.ZERO); // zero: wait until a message comes or the subscription ends
        } catch (InterruptedException e) {
          return;
        } catch (IllegalStateException e) {
          return; // unsubscribed or the connection closed
        }
        if (m == null || !isActive()) {
          continue;
        }
        Message message;
        try {
          message = decode(m);
        } catch (RuntimeException e) {
          // A payload in a form this broker cannot read is still a payload: hand it over whole.
          message = Message.of(dev.micro.Metadata.empty(), m.getData() == null ? new byte[0] : m.getData());
        }
        dispatch(message, false, Settlement.NONE);
      }
    }

    /** Any of the three forms; a payload in none of them (a plain NATS publisher) is the body. */
    private Message decode(io.nats.client.Message m) {
      byte[] data = m.getData() == null ? new byte[0] : m.getData();
      if (m.hasHeaders()) {
        dev.micro.Metadata.Builder headers = dev.micro.Metadata.builder();
        m.getHeaders().forEach((k, v) -> {
          if (!v.isEmpty()) {
            headers.put(k, v.get(0));
          }
        });
        return Message.of(headers.build(), data);
      }
      Message framed = BinaryFrame.decode(m.getSubject(), data);
      if (framed != null) {
        return framed;
      }
      return JsonEnvelope.decodeIfEnvelope(data).orElseGet(() -> Message.of(dev.micro.Metadata.empty(), data));
    }

    @Override
    public long dropped() {
      return sub.getDroppedCount();
    }

    @Override
    protected void onUnsubscribe() {
      subscriptions.remove(this);
      try {
        sub.unsubscribe();
      } catch (IllegalStateException e) {
        // the connection is closed: nothing left to end
      }
    }
  }
}
