package dev.micro.sync;

import dev.micro.MicroException;
import dev.micro.Status;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state every {@link Lock} handle shares, for {@link Sync} implementations: held, released or
 * lost, the {@link #lost()} future, and {@link #unlock()}'s rules (idempotent; a lost lock is
 * reported). Subclasses release the lock in their backend. Safe for concurrent use.
 */
public abstract class HeldLock implements Lock {
  private enum State { HELD, RELEASED, LOST }

  private final String id;
  private final long token;
  private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile String lostReason = "";

  protected HeldLock(String id, long token) {
    this.id = Objects.requireNonNull(id, "id");
    this.token = token;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final long fencingToken() {
    return token;
  }

  @Override
  public boolean isHeld() {
    return state.get() == State.HELD;
  }

  @Override
  public final CompletableFuture<Void> lost() {
    return lost.copy();
  }

  /**
   * Marks the lock lost, for the backend to call when it sees the lock expire or change hands.
   * Returns whether this call did it (false if it was already released or lost).
   */
  public final boolean markLost(String reason) {
    if (state.compareAndSet(State.HELD, State.LOST)) {
      lostReason = reason;
      lost.complete(null);
      return true;
    }
    return false;
  }

  @Override
  public final void unlock() {
    if (state.compareAndSet(State.HELD, State.RELEASED)) {
      if (release()) {
        return;
      }
      state.set(State.LOST);
      lostReason = "it had expired or been taken over";
      lost.complete(null);
    }
    if (state.get() == State.LOST) {
      throw new MicroException(Status.FAILED_PRECONDITION.withDescription(
          "lock '" + id + "' (token " + token + ") was lost before unlock: " + lostReason));
    }
  }

  /**
   * Releases the lock in the backend. Returns {@code false} if the backend shows this handle no
   * longer held it (expired or taken over); throws {@link MicroException} if it cannot tell.
   */
  protected abstract boolean release();

  @Override
  public String toString() {
    return "Lock[" + id + ", token " + token + ", " + state.get() + "]";
  }
}
