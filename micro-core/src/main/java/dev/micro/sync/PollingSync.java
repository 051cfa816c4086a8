package dev.micro.sync;

import dev.micro.MicroException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared half of locks kept in a server that offers a compare-and-set with expiry (a SQL row,
 * a Redis key): waiting polls every 25 to 75 ms, held locks are renewed by a virtual thread every
 * third of their TTL, a lock that cannot be renewed before it expires is reported lost, and
 * leader election runs on {@link Candidacy}. Subclasses supply the three operations on the server.
 * Safe for concurrent use.
 */
public abstract class PollingSync implements Sync {
  private final String url;
  private final Set<PolledLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private final Thread renewer;
  private volatile boolean closed;
  private volatile boolean abandoned;

  private final class PolledLock extends HeldLock {
    final String key;
    final Duration ttl;
    volatile long renewedAtNanos = System.nanoTime();

    PolledLock(String id, String key, long token, Duration ttl) {
      super(id, token);
      this.key = key;
      this.ttl = ttl;
    }

    @Override
    protected boolean release() {
      held.remove(this);
      try {
        return PollingSync.this.release(key, fencingToken());
      } catch (MicroException e) {
        return false;
      }
    }
  }

  protected PollingSync(String url) {
    this.url = Objects.requireNonNull(url, "url");
    this.renewer = Thread.ofVirtual().name("micro-sync-renewer").start(this::renewLoop);
  }

  /**
   * Takes {@code key} for {@code ttl} if it is free or expired, returning a fencing token larger
   * than any given before for it; empty when another holder has it.
   *
   * @throws MicroException UNAVAILABLE when the server cannot be reached
   */
  protected abstract java.util.OptionalLong tryAcquire(String key, Duration ttl);

  /** Extends the hold of {@code key} under {@code token}; false when it was lost. */
  protected abstract boolean renew(String key, long token, Duration ttl);

  /** Frees {@code key} if still held under {@code token}; false when it was lost. */
  protected abstract boolean release(String key, long token);

  /** Closes the connection to the server. */
  protected abstract void closeBackend();

  @Override
  public final Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    return acquire(id, "lock/" + id, ttl, wait);
  }

  @Override
  public final Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    Candidacy c = Candidacy.start(id, wait -> acquire(id, "leader/" + id, ttl, wait));
    candidacies.add(c);
    c.lost().whenComplete((v, e) -> candidacies.remove(c));
    return c;
  }

  private Lock acquire(String id, String key, Duration ttl, Duration wait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      java.util.OptionalLong token = tryAcquire(key, ttl);
      if (token.isPresent()) {
        PolledLock lock = new PolledLock(id, key, token.getAsLong(), ttl);
        held.add(lock);
        if (closed) {
          lock.unlock();
          throw new IllegalStateException("sync closed: " + url);
        }
        return lock;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw SyncArguments.timeout(id, wait);
      }
      Thread.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(25, 76)));
      ensureOpen();
    }
  }

  private void renewLoop() {
    while (!closed) {
      try {
        Thread.sleep(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        return;
      }
      if (abandoned) {
        continue;
      }
      long now = System.nanoTime();
      for (PolledLock l : held) {
        if (now - l.renewedAtNanos < l.ttl.toNanos() / 3) {
          continue;
        }
        try {
          if (renew(l.key, l.fencingToken(), l.ttl)) {
            l.renewedAtNanos = now;
          } else {
            held.remove(l);
            l.markLost("it expired or was taken over");
          }
        } catch (MicroException e) {
          if (now - l.renewedAtNanos >= l.ttl.toNanos()) {
            held.remove(l);
            l.markLost("it could not be renewed within its TTL: " + e.detail());
          }
        }
      }
    }
  }

  /** Stops renewing without releasing, as if this process had died; for tests. */
  public final void abandon() {
    abandoned = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sync closed: " + url);
    }
  }

  @Override
  public final String describe() {
    return url;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.interrupt();
    for (Candidacy c : candidacies) {
      c.resign();
    }
    for (PolledLock l : held) {
      held.remove(l);
      if (!abandoned) {
        l.release();
      }
      l.markLost("the sync client closed");
    }
    closeBackend();
  }
}
