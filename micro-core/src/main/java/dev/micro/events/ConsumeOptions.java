package dev.micro.events;

import dev.micro.internal.Redelivery;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to consume a topic: go-micro's {@code WithGroup}, {@code WithOffset},
 * {@code WithAutoAck(ack, ackWait)} and {@code WithRetryLimit}. Immutable; the {@code with…}
 * methods return copies.
 *
 * <pre>{@code
 * ConsumeOptions.defaults().withGroup("billing").withOffset(Offset.beginning())
 *     .withAutoAck(false).withAckWait(Duration.ofSeconds(10)).withRetryLimit(3)
 * }</pre>
 *
 * <p>Defaults: a random group (so the consumer sees every event, alone), {@link Offset#newOnly()},
 * autoAck on, ack wait 30 s, no retry limit.
 *
 * <p>A nacked event (or one its handler threw on) waits {@link #nackDelay(int)} before it is
 * delivered again, on every stream (JetStream is told the delay with the nak): 100 ms after the
 * first delivery, doubling with each further one, at most the ack wait and at most 5 s. The group's
 * later events are delivered meanwhile, so an event that always fails slows its group down by
 * one delivery every few seconds instead of holding it up.
 */
public final class ConsumeOptions {
  /** The ack wait unless set. */
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  /** The longest ack wait: 36,500 days (some 100 years), well within what every backend can count. */
  public static final Duration MAX_ACK_WAIT = Duration.ofDays(36_500);
  private static final ConsumeOptions DEFAULTS = new ConsumeOptions(null, Offset.newOnly(), true, DEFAULT_ACK_WAIT, -1);

  private final String group;
  private final Offset offset;
  private final boolean autoAck;
  private final Duration ackWait;
  private final int retryLimit;

  private ConsumeOptions(String group, Offset offset, boolean autoAck, Duration ackWait, int retryLimit) {
    this.group = group;
    this.offset = offset;
    this.autoAck = autoAck;
    this.ackWait = ackWait;
    this.retryLimit = retryLimit;
  }

  /** The defaults described above. */
  public static ConsumeOptions defaults() {
    return DEFAULTS;
  }

  /** Consumers sharing {@code group} on a topic split its events; each group sees every event. */
  public ConsumeOptions withGroup(String group) {
    Objects.requireNonNull(group, "group");
    if (group.isBlank()) {
      throw new IllegalArgumentException("group: '" + group + "' (expected: a non-blank name)");
    }
    return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit);
  }

  /** Where a new group starts. */
  public ConsumeOptions withOffset(Offset offset) {
    return new ConsumeOptions(group, Objects.requireNonNull(offset, "offset"), autoAck, ackWait, retryLimit);
  }

  /** With {@code false} the handler must {@link EventDelivery#ack()} each event. */
  public ConsumeOptions withAutoAck(boolean autoAck) {
    return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit);
  }

  /**
   * How long a delivery may stay unacknowledged before the event is delivered again: from 1 ms to
   * {@link #MAX_ACK_WAIT}.
   */
  public ConsumeOptions withAckWait(Duration ackWait) {
    Objects.requireNonNull(ackWait, "ackWait");
    if (ackWait.compareTo(Duration.ofMillis(1)) < 0 || ackWait.compareTo(MAX_ACK_WAIT) > 0) {
      throw new IllegalArgumentException("ackWait: " + ackWait + " (expected: 1ms to " + MAX_ACK_WAIT.toDays() + " days)");
    }
    return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit);
  }

  /**
   * How often an event is delivered again after the first delivery failed (nack, throw or ack
   * wait passed); after that it is dropped and counted in {@link Consumer#dropped()}. 0 means a
   * single delivery; {@link Integer#MAX_VALUE} as many as {@link #maxDeliveries()} can count.
   */
  public ConsumeOptions withRetryLimit(int retryLimit) {
    if (retryLimit < 0) {
      throw new IllegalArgumentException("retryLimit: " + retryLimit + " (expected: >= 0)");
    }
    return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit);
  }

  /** Redeliver without limit (the default). */
  public ConsumeOptions withoutRetryLimit() {
    return new ConsumeOptions(group, offset, autoAck, ackWait, -1);
  }

  /** The group; empty for a random one. */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** Where a new group starts; default {@link Offset#newOnly()}. */
  public Offset offset() {
    return offset;
  }

  /** Whether a delivery is acknowledged when the handler returns; default {@code true}. */
  public boolean autoAck() {
    return autoAck;
  }

  /** The ack wait; default 30 s. */
  public Duration ackWait() {
    return ackWait;
  }

  /** The retry limit, if any. */
  public Optional<Integer> retryLimit() {
    return retryLimit < 0 ? Optional.empty() : Optional.of(retryLimit);
  }

  /**
   * How long an event nacked at delivery {@code attempt} (1 for the first) waits before it is
   * delivered again: 100 ms, doubled for each attempt after the first, at most the ack wait and
   * at most 5 s.
   */
  public Duration nackDelay(int attempt) {
    return Redelivery.delay(attempt, ackWait);
  }

  /** How many deliveries an event gets at most: retry limit + 1, or {@link Integer#MAX_VALUE}. */
  public int maxDeliveries() {
    return retryLimit < 0 || retryLimit == Integer.MAX_VALUE ? Integer.MAX_VALUE : retryLimit + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumeOptions c && Objects.equals(c.group, group) && c.offset.equals(offset)
        && c.autoAck == autoAck && c.ackWait.equals(ackWait) && c.retryLimit == retryLimit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, offset, autoAck, ackWait, retryLimit);
  }

  @Override
  public String toString() {
    return "ConsumeOptions{group=" + group + ", offset=" + offset + ", autoAck=" + autoAck + ", ackWait=" + ackWait
        + ", retryLimit=" + retryLimit + "}";
  }
}
