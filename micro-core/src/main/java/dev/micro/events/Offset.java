package dev.micro.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a new consumer group starts reading a topic: at the {@link #beginning()}, at events
 * published from now on ({@link #newOnly()}, the default, as in go-micro), or at the first event
 * published at or after a {@link #at(Instant) time}. Only a group's first consumer sets it: a
 * group that exists resumes after its last acknowledged event whatever offset a later member asks.
 */
public sealed interface Offset {
  /** The earliest time {@link #at} takes: the start of the year 0000, as in RFC 3339. */
  Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  /** The latest time {@link #at} takes: the end of the year 9999, as in RFC 3339. */
  Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Every event the topic still holds. */
  static Offset beginning() {
    return Beginning.INSTANCE;
  }

  /** Only events published after the group is created. */
  static Offset newOnly() {
    return NewOnly.INSTANCE;
  }

  /**
   * Events published at or after {@code time}, from {@link #EARLIEST} to {@link #LATEST} (go-micro
   * and JetStream write times as RFC 3339).
   *
   * @throws IllegalArgumentException for a time outside that range
   */
  static Offset at(Instant time) {
    return new At(time);
  }

  /** From the beginning. */
  enum Beginning implements Offset {
    /** The only value. */
    INSTANCE
  }

  /** New events only. */
  enum NewOnly implements Offset {
    /** The only value. */
    INSTANCE
  }

  /** From a time on. */
  record At(Instant time) implements Offset {
    /** Checks the time is not null and from {@link #EARLIEST} to {@link #LATEST}. */
    public At {
      Objects.requireNonNull(time, "time");
      if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
        throw new IllegalArgumentException("time: " + time + " (expected: " + EARLIEST + " to " + LATEST + ")");
      }
    }
  }
}
