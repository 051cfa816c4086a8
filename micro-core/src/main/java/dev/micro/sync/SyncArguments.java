package dev.micro.sync;

import dev.micro.MicroException;
import dev.micro.Status;
import java.time.Duration;
import java.util.Objects;

/** Argument checks and errors that every {@link Sync} implementation shares. */
public final class SyncArguments {
  private SyncArguments() {}

  /**
   * Checks the arguments of {@link Sync#lock}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static void check(String id, Duration ttl, Duration wait) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(wait, "wait");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id: '' (expected: a non-empty lock id)");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait: " + wait + " (expected: >= 0)");
    }
  }

  /** The error for a lock not taken within {@code wait}: {@code DEADLINE_EXCEEDED}. */
  public static MicroException timeout(String id, Duration wait) {
    return new MicroException(Status.DEADLINE_EXCEEDED.withDescription(
        "lock '" + id + "' not acquired within " + wait + ": another holder has it"));
  }
}
