package dev.micro.events;

/**
 * A live member of a consumer group on one topic: counters and a way to leave. Safe for
 * concurrent use. Closing it stops delivery to it; events it received but did not acknowledge go
 * to the other members (or a later one) once their ack wait has passed.
 */
public interface Consumer extends AutoCloseable {
  /** The topic consumed. */
  String topic();

  /** The consumer group: the one asked for, or the random one made for this consumer. */
  String group();

  /** Deliveries handed to the handler so far, redeliveries included. */
  long delivered();

  /** Deliveries that ended in failure: the handler threw, or the delivery was nacked. */
  long failed();

  /**
   * Events this consumer gave up on because their retry limit was reached: they are dropped (not
   * dead-lettered) and this group will not see them again.
   */
  long dropped();

  /** Whether {@link #close()} has not been called and the stream is open. */
  boolean isActive();

  /** Stops delivery: once this returns no new handler call begins. Idempotent. */
  @Override
  void close();
}
