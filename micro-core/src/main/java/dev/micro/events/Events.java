package dev.micro.events;

import dev.micro.Metadata;

/**
 * Durable event streams, go-micro's {@code events.Stream}: events published to a topic are kept,
 * and consumer groups read them at their own pace, each acknowledging what it has handled.
 * Implementations must be safe for concurrent use.
 *
 * <pre>{@code
 * try (Events events = Micro.events("file://")) {
 *   events.consume("orders", ConsumeOptions.defaults().withGroup("billing"), d -> bill(d.event()));
 *   events.publish("orders", body, Metadata.of("Content-Type", "application/json"));
 * }
 * }</pre>
 *
 * <p><b>Groups.</b> Consumers sharing a group split the topic's events: each event goes to one
 * member. Every group sees every event. A consumer without a group gets a random one of its own.
 *
 * <p><b>Delivery is at least once.</b> With autoAck (the default) an event is acknowledged when
 * the handler returns; a handler that throws nacks it. An event that is nacked, or not
 * acknowledged within the ack wait (the consumer died, or is slow), is delivered again to a member
 * of the group, until the retry limit, after which it is dropped and counted in
 * {@link Consumer#dropped()}. So a handler may see an event twice (after a crash between handling
 * and acknowledging, or after a slow ack): make it idempotent, using {@link Event#id()}.
 *
 * <p>An event that fails does not hold up the ones after it: they are delivered while it waits
 * to come again. Every stream redelivers a nacked event after a backoff of 100 ms,
 * doubling with each delivery up to the ack wait or 5 s, whichever is less
 * ({@link ConsumeOptions#nackDelay(int)}); so with no retry limit an event that always fails
 * comes back every few seconds, for ever. Set a retry limit to give up on such events.
 *
 * <p>Each consumer runs its handler on one event at a time, on a virtual thread. Implementations
 * are chosen by URL through {@link EventsProvider}s and pass the same contract suite.
 */
public interface Events extends AutoCloseable {

  /**
   * Appends an event to {@code topic} and returns its id once the stream has stored it.
   *
   * @throws IllegalStateException once closed
   * @throws dev.micro.MicroException with {@code UNAVAILABLE} when the backend cannot take it
   */
  String publish(String topic, byte[] payload, Metadata metadata);

  /** Publishes with empty metadata. */
  default String publish(String topic, byte[] payload) {
    return publish(topic, payload, Metadata.empty());
  }

  /**
   * Starts a consumer of {@code topic}: a member of the options' group, calling {@code handler}
   * for each event delivered to it until closed.
   *
   * @throws IllegalStateException once closed
   * @throws dev.micro.MicroException with {@code UNAVAILABLE} when the backend cannot be reached
   */
  Consumer consume(String topic, ConsumeOptions options, EventHandler handler);

  /** Consumes with {@link ConsumeOptions#defaults()}: a random group, new events, autoAck. */
  default Consumer consume(String topic, EventHandler handler) {
    return consume(topic, ConsumeOptions.defaults(), handler);
  }

  /** The URL this stream was made from, without secrets. */
  String describe();

  /** Closes every consumer and releases the backend. Idempotent. */
  @Override
  void close();
}
