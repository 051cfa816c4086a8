package dev.micro.internal;

import java.time.Duration;

/**
 * How long a rejected message or event waits before it is delivered again, wherever Micro
 * schedules redeliveries itself (event streams, the RabbitMQ broker): 100 ms after the first
 * delivery, doubling with each further one, at most 5 s or a smaller cap.
 */
public final class Redelivery {
  /** The wait after the first delivery. */
  public static final Duration FIRST_DELAY = Duration.ofMillis(100);
  /** The longest wait. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(5);

  private Redelivery() {}

  /** The wait after delivery {@code attempt} (1 for the first) was rejected, at most {@code cap} and 5 s. */
  public static Duration delay(int attempt, Duration cap) {
    int doublings = Math.clamp(attempt - 1L, 0, 16); // 100 ms << 16 is far past the cap
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    Duration max = cap.compareTo(MAX_DELAY) < 0 ? cap : MAX_DELAY;
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
