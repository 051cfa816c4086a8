package dev.micro.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks and leaders held in this process's memory ({@code memory://}), for tests and for
 * coordination between threads of one JVM. Each instance is one client with its own leases;
 * {@link #peer()} opens another client on the same locks, as another process would be. Held locks
 * are renewed by a virtual thread while the client is open. Safe for concurrent use.
 */
public final class MemorySync implements Sync {
  /** The locks that every peer shares. */
  private static final class Space {
    final ReentrantLock mu = new ReentrantLock();
    final Condition changed = mu.newCondition();
    final Map<String, Entry> locks = new HashMap<>();
    final Map<String, Long> tokens = new HashMap<>();
  }

  private static final class Entry {
    final MemoryLock holder;
    long expiresAtNanos;

    Entry(MemoryLock holder, long expiresAtNanos) {
      this.holder = holder;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  private final class MemoryLock extends HeldLock {
    final Duration ttl;

    MemoryLock(String id, long token, Duration ttl) {
      super(id, token);
      this.ttl = ttl;
    }

    @Override
    protected boolean release() {
      held.remove(this);
      space.mu.lock();
      try {
        Entry e = space.locks.get(id());
        if (e == null || e.holder != this) {
          return false;
        }
        space.locks.remove(id());
        space.changed.signalAll();
        return true;
      } finally {
        space.mu.unlock();
      }
    }
  }

  private static final Duration RENEW_EVERY = Duration.ofMillis(50);

  private final Space space;
  private final Set<MemoryLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private final Thread renewer;
  private volatile boolean closed;

  private MemorySync(Space space) {
    this.space = space;
    this.renewer = Thread.ofVirtual().name("micro-memory-sync-renewer").start(this::renewLoop);
  }

  /** A client on new, empty memory. */
  public static MemorySync create() {
    return new MemorySync(new Space());
  }

  /** Another client on the same locks, with leases of its own. */
  public MemorySync peer() {
    return new MemorySync(space);
  }

  /**
   * Stops renewing without releasing anything, as a process that dies would: what this client
   * holds expires at its TTL. For tests of expiry.
   */
  public void abandon() {
    renewer.interrupt();
  }

  @Override
  public Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    MemoryLock expired = null;
    MemoryLock lock;
    space.mu.lock();
    try {
      while (true) {
        Entry e = space.locks.get(id);
        long now = System.nanoTime();
        if (e == null || e.expiresAtNanos - now <= 0) {
          expired = e == null ? null : e.holder;
          long token = space.tokens.merge(id, 1L, Long::sum);
          lock = new MemoryLock(id, token, ttl);
          space.locks.put(id, new Entry(lock, now + ttl.toNanos()));
          held.add(lock);
          break;
        }
        long left = deadline - now;
        if (left <= 0) {
          throw SyncArguments.timeout(id, wait);
        }
        space.changed.awaitNanos(Math.min(left, e.expiresAtNanos - now));
      }
    } finally {
      space.mu.unlock();
    }
    if (expired != null) {
      expired.markLost("its TTL passed without renewal and another holder took it");
    }
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("sync closed");
    }
    return lock;
  }

  @Override
  public Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    Candidacy c = Candidacy.start(id, wait -> lock("\0leader/" + id, ttl, wait));
    candidacies.add(c);
    return c;
  }

  private void renewLoop() {
    while (!closed) {
      try {
        Thread.sleep(RENEW_EVERY);
      } catch (InterruptedException e) {
        return;
      }
      List<MemoryLock> gone = new ArrayList<>();
      long now = System.nanoTime();
      space.mu.lock();
      try {
        for (MemoryLock l : held) {
          Entry e = space.locks.get(l.id());
          if (e != null && e.holder == l && e.expiresAtNanos - now > 0) {
            e.expiresAtNanos = now + l.ttl.toNanos();
          } else {
            gone.add(l);
          }
        }
      } finally {
        space.mu.unlock();
      }
      for (MemoryLock l : gone) {
        held.remove(l);
        l.markLost("its TTL passed without renewal");
      }
    }
  }

  @Override
  public String describe() {
    return "memory://";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sync closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    renewer.interrupt();
    candidacies.forEach(Candidacy::resign);
    for (MemoryLock l : List.copyOf(held)) {
      if (l.markLost("its Sync was closed")) {
        l.release();
      }
    }
    held.clear();
  }

  @Override
  public String toString() {
    return "MemorySync[" + held.size() + " held]";
  }
}
