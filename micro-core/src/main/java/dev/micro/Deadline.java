package dev.micro;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A point in time by which a call must finish, on the monotonic clock. Travels as
 * {@code grpc-timeout} on gRPC and as {@code Timeout} (nanoseconds) on HTTP, so a handler that
 * calls onward passes on what is left of its caller's budget.
 */
public record Deadline(long nanoTime) implements Comparable<Deadline> {

  /** The deadline {@code timeout} from now. */
  public static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + Math.max(0, saturatedNanos(timeout)));
  }

  /** The deadline {@code nanos} from now. */
  public static Deadline afterNanos(long nanos) {
    return new Deadline(System.nanoTime() + nanos);
  }

  /** Nanoseconds left; zero or negative once expired. */
  public long remainingNanos() {
    return nanoTime - System.nanoTime();
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /** The earlier of this and {@code other}. */
  public Deadline min(Deadline other) {
    return other == null || compareTo(other) <= 0 ? this : other;
  }

  @Override
  public int compareTo(Deadline o) {
    return Long.compare(nanoTime - o.nanoTime, 0);
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "Deadline[" + TimeUnit.NANOSECONDS.toMillis(remainingNanos()) + " ms left]";
  }
}
