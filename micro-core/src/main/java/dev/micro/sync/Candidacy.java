package dev.micro.sync;

import dev.micro.MicroException;
import dev.micro.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Leader} built on a lock: a virtual thread tries to take the election's lock until it
 * wins or the candidacy ends; leadership lasts as long as the lock is held. Every {@link Sync}
 * implementation uses it with a lock of its own kind. Safe for concurrent use.
 */
public final class Candidacy implements Leader {
  /** Takes the election's lock, waiting up to {@code wait}; as {@link Sync#lock}. */
  @FunctionalInterface
  public interface Acquirer {
    Lock acquire(Duration wait) throws InterruptedException;
  }

  // How long one attempt waits before the loop looks at whether the candidacy has ended.
  private static final Duration ATTEMPT = Duration.ofMillis(500);

  private final String id;
  private final Acquirer acquirer;
  private final ReentrantLock mu = new ReentrantLock();
  private final Condition changed = mu.newCondition();
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private Lock held;
  private boolean ended;
  private Thread campaign;

  private Candidacy(String id, Acquirer acquirer) {
    this.id = Objects.requireNonNull(id, "id");
    this.acquirer = Objects.requireNonNull(acquirer, "acquirer");
  }

  /** A candidate for {@code id} that starts campaigning at once. */
  public static Candidacy start(String id, Acquirer acquirer) {
    Candidacy c = new Candidacy(id, acquirer);
    mutate(c, () -> c.campaign = Thread.ofVirtual().name("micro-leader-" + id).start(c::campaign));
    return c;
  }

  private static void mutate(Candidacy c, Runnable r) {
    c.mu.lock();
    try {
      r.run();
    } finally {
      c.mu.unlock();
    }
  }

  private void campaign() {
    while (!isEnded()) {
      Lock lock;
      try {
        lock = acquirer.acquire(ATTEMPT);
      } catch (InterruptedException e) {
        return;
      } catch (MicroException e) {
        if (e.code() != Status.Code.DEADLINE_EXCEEDED && !pause()) {
          return;
        }
        continue;
      } catch (IllegalStateException e) {
        end(); // the Sync closed
        return;
      }
      boolean won;
      mu.lock();
      try {
        won = !ended;
        if (won) {
          held = lock;
          changed.signalAll();
        }
      } finally {
        mu.unlock();
      }
      if (!won) {
        releaseQuietly(lock);
        return;
      }
      lock.lost().thenRun(this::end);
      return;
    }
  }

  // After a backend error, waits a moment before trying again; false if the candidacy ended.
  private boolean pause() {
    mu.lock();
    try {
      if (!ended) {
        changed.await(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS);
      }
      return !ended;
    } catch (InterruptedException e) {
      return false;
    } finally {
      mu.unlock();
    }
  }

  private boolean isEnded() {
    mu.lock();
    try {
      return ended;
    } finally {
      mu.unlock();
    }
  }

  // Ends the candidacy; returns the lock it held, if any.
  private Lock end() {
    Lock l;
    mu.lock();
    try {
      ended = true;
      l = held;
      changed.signalAll();
    } finally {
      mu.unlock();
    }
    if (l != null) {
      lost.complete(null);
    }
    return l;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean isLeader() {
    mu.lock();
    try {
      return !ended && held != null && held.isHeld();
    } finally {
      mu.unlock();
    }
  }

  @Override
  public boolean awaitLeadership(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    mu.lock();
    try {
      while (!ended && held == null) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return !ended && held.isHeld();
    } finally {
      mu.unlock();
    }
  }

  @Override
  public OptionalLong term() {
    mu.lock();
    try {
      return !ended && held != null && held.isHeld() ? OptionalLong.of(held.fencingToken()) : OptionalLong.empty();
    } finally {
      mu.unlock();
    }
  }

  @Override
  public CompletableFuture<Void> lost() {
    return lost.copy();
  }

  @Override
  public void resign() {
    Lock l = end();
    Thread t;
    mu.lock();
    try {
      t = campaign;
    } finally {
      mu.unlock();
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
    }
    if (l != null) {
      releaseQuietly(l);
    }
  }

  private static void releaseQuietly(Lock l) {
    try {
      l.unlock();
    } catch (MicroException e) {
      // Lost already, or the backend is away: either way the lock is not ours and will expire.
    }
  }

  @Override
  public String toString() {
    return "Leader[" + id + (isLeader() ? ", leading" : isEnded() ? ", ended" : ", campaigning") + "]";
  }
}
