package dev.micro.broker;

import java.util.Optional;

/**
 * A live subscription: its topic and queue, counters, and a way to end it. Safe for concurrent
 * use. Closing it unsubscribes.
 */
public interface Subscription extends AutoCloseable {
  /** The topic subscribed to. */
  String topic();

  /** The queue group, if any. */
  Optional<String> queue();

  /** Deliveries handed to the handler so far, redeliveries included. */
  long delivered();

  /** Deliveries that ended in failure: the handler threw, or the delivery was nacked. */
  long failed();

  /**
   * Messages the broker dropped before handing them over, because this subscriber fell further
   * behind than the broker lets messages wait (a NATS slow consumer). Brokers that hold messages
   * back or refuse them instead never drop: 0.
   */
  default long dropped() {
    return 0;
  }

  /** Whether {@link #unsubscribe()} has not been called and the broker is open. */
  boolean isActive();

  /**
   * Stops delivery: once this returns no new handler call begins (one already running may
   * finish). Idempotent.
   */
  void unsubscribe();

  @Override
  default void close() {
    unsubscribe();
  }
}
