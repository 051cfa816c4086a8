package dev.micro.sync;

import java.util.concurrent.CompletableFuture;

/**
 * A held lock, from {@link Sync#lock}. Safe for concurrent use.
 *
 * <p>Holding a lock is a lease, not a guarantee: a holder that is paused or cut off for longer than
 * the TTL loses it and another takes it. Pass {@link #fencingToken()} with every write the lock
 * protects, so the resource can refuse writes from a holder that has been superseded.
 */
public interface Lock extends AutoCloseable {
  /** The lock's id, as passed to {@link Sync#lock}. */
  String id();

  /**
   * A number that grows every time this lock changes hands: a later holder of the same id always
   * has a larger token than an earlier one.
   */
  long fencingToken();

  /** Whether this handle still holds the lock: not unlocked, not expired, not taken over. */
  boolean isHeld();

  /**
   * Completes when the lock is lost while held: it expired, the backend took it away, or the
   * {@code Sync} closed. Never completes after a clean {@link #unlock()}.
   */
  CompletableFuture<Void> lost();

  /**
   * Releases the lock. Calling it again is a no-op.
   *
   * @throws dev.micro.MicroException {@code FAILED_PRECONDITION} if the lock was lost before this
   *     call (whatever it protected may have been touched by another holder), or
   *     {@code UNAVAILABLE} if the backend cannot be reached (the lock then expires at its TTL)
   */
  void unlock();

  /** {@link #unlock()}, for try-with-resources. */
  @Override
  default void close() {
    unlock();
  }
}
