package dev.micro.broker;

import java.util.Objects;
import java.util.Optional;

/**
 * How to subscribe: an optional queue group and the acknowledgement mode. Immutable; the
 * {@code with…} methods return copies.
 *
 * <pre>{@code
 * SubscribeOptions.defaults().withQueue("billing").withAutoAck(false)
 * }</pre>
 */
public final class SubscribeOptions {
  private static final SubscribeOptions DEFAULTS = new SubscribeOptions(null, true);

  private final String queue;
  private final boolean autoAck;

  private SubscribeOptions(String queue, boolean autoAck) {
    this.queue = queue;
    this.autoAck = autoAck;
  }

  /** No queue group, autoAck on. */
  public static SubscribeOptions defaults() {
    return DEFAULTS;
  }

  /** Subscriptions sharing {@code queue} on one topic split its messages. */
  public SubscribeOptions withQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("queue: '" + queue + "' (expected: a non-blank name)");
    }
    return new SubscribeOptions(queue, autoAck);
  }

  /** Without a queue group: every subscription gets every message. */
  public SubscribeOptions withoutQueue() {
    return new SubscribeOptions(null, autoAck);
  }

  /** With {@code false} the handler must {@link Delivery#ack()} or {@link Delivery#nack()}. */
  public SubscribeOptions withAutoAck(boolean autoAck) {
    return new SubscribeOptions(queue, autoAck);
  }

  /** The queue group; empty when every subscription gets every message. */
  public Optional<String> queue() {
    return Optional.ofNullable(queue);
  }

  /** Whether a delivery is acknowledged when the handler returns; default {@code true}. */
  public boolean autoAck() {
    return autoAck;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscribeOptions s && Objects.equals(s.queue, queue) && s.autoAck == autoAck;
  }

  @Override
  public int hashCode() {
    return Objects.hash(queue, autoAck);
  }

  @Override
  public String toString() {
    return "SubscribeOptions{queue=" + queue + ", autoAck=" + autoAck + "}";
  }
}
