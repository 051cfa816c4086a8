package dev.micro.events;

/**
 * One delivery of an {@link Event} to a {@link Consumer}, with the means to settle it. Settling is
 * idempotent: the first {@link #ack()} or {@link #nack()} wins. Safe to settle from any thread,
 * also after the handler has returned (before the ack wait runs out).
 */
public interface EventDelivery {
  /** The event. */
  Event event();

  /** Which delivery of this event to this group this is: 1 for the first, 2 for the first redelivery. */
  int attempt();

  /** Whether the event was delivered to this group before without being acknowledged. */
  default boolean redelivered() {
    return attempt() > 1;
  }

  /** Acknowledges the event: the group is done with it and will not see it again. */
  void ack();

  /**
   * Rejects the event: it is delivered again (to any member of the group) after a short backoff
   * (see {@link Events}), later events meanwhile, unless the retry limit is reached, in which case
   * it is dropped and counted in {@link Consumer#dropped()}.
   */
  void nack();
}
