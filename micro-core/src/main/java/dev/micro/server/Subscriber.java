package dev.micro.server;

import dev.micro.CallContext;
import dev.micro.Metadata;
import dev.micro.SubscriberHandler;
import dev.micro.broker.Delivery;
import dev.micro.broker.Handler;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import dev.micro.registry.Endpoint;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One subscriber of a service: a topic, the type its messages decode into, subscribe options, the
 * user's handler, and counters. Made by {@link dev.micro.ServiceBuilder#subscribe}; the service
 * registers it as an endpoint with metadata {@code topic} and {@code subscriber=true}.
 *
 * <p>Each message is decoded with the codec for its {@code Content-Type}; without one,
 * {@code application/protobuf} for generated protobuf messages (as go-micro assumes) and
 * {@code application/json} otherwise. A message that does not decode is never handed to the
 * handler: it is logged and counted as {@link #malformed()}, and dead-lettered where the broker
 * can (AMQP: rejected without requeue, to {@code micro.dlx}); elsewhere it is acknowledged and
 * published as it came to {@code <topic>.dlq}. Counters are safe to read from any thread.
 */
public final class Subscriber {
  /** The suffix of the topic where undecodable messages go on brokers without dead-lettering. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";
  /** The header saying why a message went to {@code <topic>.dlq}. */
  public static final String DEAD_LETTER_REASON = "Micro-Dead-Letter-Reason";
  private static final System.Logger LOG = System.getLogger(Subscriber.class.getName());
  private static final ThreadLocal<Delivery> CURRENT = new ThreadLocal<>();

  private final String name;
  private final String topic;
  private final Type type;
  private final SubscribeOptions options;
  private final SubscriberHandler<Object> handler;
  private final LongAdder received = new LongAdder();
  private final LongAdder handled = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder inFlight = new LongAdder();
  private volatile Subscription subscription;

  @SuppressWarnings("unchecked")
  Subscriber(String name, String topic, Type type, SubscribeOptions options, SubscriberHandler<?> handler) {
    this.name = Objects.requireNonNull(name, "name");
    this.topic = Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic: '" + topic + "' (expected: a non-blank name)");
    }
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
    this.handler = (SubscriberHandler<Object>) Objects.requireNonNull(handler, "handler");
  }

  /** A subscriber registered under the endpoint name {@code name} (the topic, for lambdas). */
  public static <T> Subscriber of(String name, String topic, Class<T> type, SubscribeOptions options,
      SubscriberHandler<T> handler) {
    return new Subscriber(name, topic, type, options, handler);
  }

  /** The delivery being handled on this thread, for subscribers that settle it themselves. */
  public static Optional<Delivery> currentDelivery() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The endpoint name: {@code Handler.Method}, or the topic for a lambda. */
  public String name() {
    return name;
  }

  public String topic() {
    return topic;
  }

  /** The type messages decode into. */
  public Type type() {
    return type;
  }

  public SubscribeOptions options() {
    return options;
  }

  /** Messages the broker handed over, decodable or not. */
  public long received() {
    return received.sum();
  }

  /** Messages the handler returned from normally. */
  public long handled() {
    return handled.sum();
  }

  /** Messages the handler threw on. */
  public long failed() {
    return failed.sum();
  }

  /** Messages that did not decode into {@link #type()} and never reached the handler. */
  public long malformed() {
    return malformed.sum();
  }

  /** Messages a server interceptor refused (no or a bad token, no permission); never handled. */
  public long refused() {
    return refused.sum();
  }

  /**
   * Messages the broker dropped before they reached this subscriber, because it fell too far
   * behind ({@link Subscription#dropped()}); 0 before the service subscribes.
   */
  public long dropped() {
    Subscription s = subscription;
    return s == null ? 0 : s.dropped();
  }

  /** Binds the broker subscription that feeds this subscriber, for {@link #dropped()}; the service does this. */
  public void bind(Subscription subscription) {
    this.subscription = Objects.requireNonNull(subscription, "subscription");
  }

  /** Handler calls running now. */
  public long inFlight() {
    return inFlight.sum();
  }

  /** The registry endpoint: request shape of the event type, metadata {@code topic}, {@code subscriber}. */
  public Endpoint endpoint() {
    return new Endpoint(name, Shapes.of(type), null, Map.of("topic", topic, "subscriber", "true"));
  }

  /**
   * The broker handler that decodes, counts and calls the user's handler for {@code service};
   * {@code deadLetters} publishes an undecodable message to a topic when the broker cannot
   * dead-letter it.
   */
  public Handler brokerHandler(String service, Codecs codecs, BiConsumer<String, Message> deadLetters) {
    return brokerHandler(service, codecs, java.util.List.of(), deadLetters);
  }

  /**
   * As {@link #brokerHandler(String, Codecs, BiConsumer)}, running the service's server
   * interceptors around each delivery as around a call (endpoint = this subscriber's name, remote
   * {@code broker}, metadata = the message headers). A delivery an interceptor refuses with
   * UNAUTHENTICATED or PERMISSION_DENIED never reaches the handler and is dead-lettered like an
   * undecodable one: delivering it again would be refused again. The same codes thrown by the
   * handler itself (a call it made was refused) are a failure like any other.
   */
  public Handler brokerHandler(String service, Codecs codecs, java.util.List<ServerInterceptor> interceptors,
      BiConsumer<String, Message> deadLetters) {
    return d -> {
      received.increment();
      Message m = d.message();
      Object event;
      try {
        event = decode(codecs, m);
      } catch (RuntimeException e) {
        malformed.increment();
        reject(d, notDecodable(m, e), deadLetters);
        return;
      }
      Metadata headers = m.headers().without(Message.CONTENT_TYPE_HEADER);
      inFlight.increment();
      boolean[] reached = new boolean[1]; // whether the interceptors let the delivery through to the handler
      try (CallContext.Scope scope = new CallContext(service, name, headers, null).attach()) {
        CURRENT.set(d);
        IncomingCall call = new IncomingCall(name, m.headers().get(Message.CONTENT_TYPE_HEADER).orElse(""), headers, null, "broker");
        intercepted(interceptors, 0, call, () -> {
          reached[0] = true;
          handler.handle(event, headers);
          return null;
        });
        handled.increment();
      } catch (dev.micro.MicroException e) {
        if (!reached[0] && (e.code() == dev.micro.Status.Code.UNAUTHENTICATED
            || e.code() == dev.micro.Status.Code.PERMISSION_DENIED)) {
          refused.increment();
          reject(d, "refused: " + e.detail(), deadLetters);
          return;
        }
        failed.increment();
        throw e;
      } catch (Exception | Error e) {
        failed.increment();
        throw e;
      } finally {
        CURRENT.remove();
        inFlight.decrement();
      }
    };
  }

  private static Object intercepted(java.util.List<ServerInterceptor> interceptors, int i, IncomingCall call,
      ServerInterceptor.Next last) throws Exception {
    if (i == interceptors.size()) {
      return last.proceed();
    }
    return interceptors.get(i).intercept(call, () -> intercepted(interceptors, i + 1, call, last));
  }

  private Object decode(Codecs codecs, Message m) {
    String ct = m.headers().get(Message.CONTENT_TYPE_HEADER).orElseGet(() -> defaultContentType(codecs, type));
    Codec codec = codecs.forType(ct, type);
    Object event = codec.decode(m.body(), type);
    if (event == null) {
      throw new IllegalArgumentException("the body decodes to null");
    }
    return event;
  }

  private String notDecodable(Message m, RuntimeException cause) {
    return "not a " + type.getTypeName() + " in "
        + m.headers().get(Message.CONTENT_TYPE_HEADER).orElse("(no content type)") + ": " + cause.getMessage();
  }

  private void reject(Delivery d, String reason, BiConsumer<String, Message> deadLetters) {
    Message m = d.message();
    if (d.deadLetter()) {
      LOG.log(System.Logger.Level.WARNING, "subscriber {0} rejected message {1} on topic {2} ({3}); dead-lettered it",
          name, m.id(), topic, reason);
      return;
    }
    d.ack(); // redelivering would not make it decode
    String dlq = topic + DEAD_LETTER_SUFFIX;
    LOG.log(System.Logger.Level.WARNING, "subscriber {0} rejected message {1} on topic {2} ({3}); sent it to {4}",
        name, m.id(), topic, reason, dlq);
    try {
      deadLetters.accept(dlq, m.withHeader(DEAD_LETTER_REASON, reason));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot publish message {0} to {1}: {2}", m.id(), dlq, e.getMessage());
    }
  }

  /**
   * The content type for a message type when none is given: protobuf for generated messages when
   * a protobuf codec is present, raw bytes for {@code byte[]}, else JSON.
   */
  public static String defaultContentType(Codecs codecs, Type type) {
    if (type == byte[].class) {
      return "application/octet-stream";
    }
    if (codecs.supportsContentType("application/protobuf")) {
      try {
        codecs.forType("application/protobuf", type);
        return "application/protobuf";
      } catch (RuntimeException e) {
        // not a protobuf message
      }
    }
    return "application/json";
  }

  @Override
  public String toString() {
    return "Subscriber{" + name + ", topic=" + topic + ", queue=" + options.queue().orElse("") + "}";
  }
}
