package dev.micro.broker;

/**
 * Publish/subscribe messaging: publishers send {@link Message}s to a topic, and every subscription
 * on that topic receives them. Implementations must be safe for concurrent use.
 *
 * <pre>{@code
 * try (Broker broker = Micro.broker("nats://127.0.0.1:4222")) {
 *   Subscription sub = broker.subscribe("orders", d -> process(d.message()),
 *       SubscribeOptions.defaults().withQueue("billing"));
 *   broker.publish("orders", Message.of(Metadata.of("Content-Type", "application/json"), body));
 * }
 * }</pre>
 *
 * <p><b>Fan-out and queues.</b> Subscriptions without a queue each receive every message of the
 * topic. Subscriptions that share a queue name split the messages among themselves: each message
 * goes to one of them.
 *
 * <p><b>Acknowledgement.</b> With {@link SubscribeOptions#autoAck() autoAck} (the default) a
 * delivery is acknowledged when the handler returns; a handler that throws nacks it, which makes
 * brokers that can redeliver send it again (up to a limit) and is a logged, counted failure on
 * the others. Without autoAck the handler calls {@link Delivery#ack()} or {@link Delivery#nack()}.
 *
 * <p><b>Ordering.</b> Each subscription runs its handler on one message at a time, in the order
 * the subscription received them; messages from one publisher to one topic arrive in publishing
 * order on every broker here unless a redelivery intervenes. Handlers run on virtual threads, so
 * they may block.
 *
 * <p>{@link #publish} adds the {@code Micro-Topic} and {@code Micro-Id} headers when absent (see
 * {@link Message#addressedTo(String)}), as go-micro's client does. Implementations are chosen by
 * URL through {@link BrokerProvider}s and all pass the same contract suite.
 */
public interface Broker extends AutoCloseable {

  /**
   * Sends {@code message} to every subscription of {@code topic} (one per queue group).
   * Returns once the broker has taken the message; it does not wait for handlers.
   *
   * @throws IllegalStateException once the broker is closed
   * @throws dev.micro.MicroException with {@code UNAVAILABLE} when the backend cannot take it
   */
  void publish(String topic, Message message);

  /**
   * Subscribes {@code handler} to {@code topic}. Messages published after this returns are
   * delivered to it.
   *
   * @throws IllegalStateException once the broker is closed
   */
  Subscription subscribe(String topic, Handler handler, SubscribeOptions options);

  /** Subscribes with {@link SubscribeOptions#defaults()}: no queue, autoAck. */
  default Subscription subscribe(String topic, Handler handler) {
    return subscribe(topic, handler, SubscribeOptions.defaults());
  }

  /** The URL this broker was made from, without secrets, for metadata and messages. */
  String describe();

  /** Ends every subscription and releases the connection. Idempotent. */
  @Override
  void close();
}
