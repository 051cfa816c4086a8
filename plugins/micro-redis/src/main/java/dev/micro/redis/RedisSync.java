package dev.micro.redis;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.Candidacy;
import dev.micro.sync.HeldLock;
import dev.micro.sync.Leader;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncArguments;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Locks and leader election on one Redis server: a lock is the key {@code micro:sync:<id>} holding
 * {@code <client>:<token>} with a millisecond expiry, set only if absent; the fencing token comes
 * from {@code INCR micro:sync:token:<id>} in the same script, so it grows every time the lock
 * changes hands. Renewal and release are compare-and-set scripts on the value. Held locks are
 * renewed every third of their TTL; waiting polls every 25 to 75 ms. Not safe across a Redis
 * failover (a replica may not have the key yet): use etcd or PostgreSQL for that. Safe for
 * concurrent use.
 */
public final class RedisSync implements Sync {
  private static final String ACQUIRE = """
      if redis.call('exists', KEYS[1]) == 1 then return -1 end
      local t = redis.call('incr', KEYS[2])
      redis.call('set', KEYS[1], ARGV[1] .. ':' .. t, 'PX', ARGV[2])
      return t""";
  private static final String RENEW = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
      return 0""";
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
      return 0""";

  private final RedisClients.Opened<String, String> opened;
  private final RedisCommands<String, String> redis;
  private final String url;
  private final String client = UUID.randomUUID().toString();
  private final Set<RedisLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private final Thread renewer;
  private volatile boolean closed;
  private volatile boolean abandoned;

  private final class RedisLock extends HeldLock {
    final String key;
    final Duration ttl;
    volatile long renewedAtNanos = System.nanoTime();

    RedisLock(String id, String key, long token, Duration ttl) {
      super(id, token);
      this.key = key;
      this.ttl = ttl;
    }

    String value() {
      return client + ":" + fencingToken();
    }

    @Override
    protected boolean release() {
      held.remove(this);
      try {
        Long n = call(() -> redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, value()));
        return n != null && n == 1;
      } catch (MicroException e) {
        return false;
      }
    }
  }

  private RedisSync(RedisClients.Opened<String, String> opened, String url) {
    this.opened = opened;
    this.redis = opened.connection().sync();
    this.url = url;
    this.renewer = Thread.ofVirtual().name("micro-redis-sync-renewer").start(this::renewLoop);
  }

  /** A client for {@code redis://host:6379[/db]?timeout=5s}. */
  public static RedisSync create(PluginUri uri) {
    return new RedisSync(RedisClients.open(uri, StringCodec.UTF8, "sync"), uri.toString());
  }

  @Override
  public Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    return acquire(id, "micro:sync:lock:" + id, ttl, wait);
  }

  private Lock acquire(String id, String key, Duration ttl, Duration wait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Long t = call(() -> redis.eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {key, key + ":token"},
          client, Long.toString(Math.max(1, ttl.toMillis()))));
      if (t != null && t > 0) {
        RedisLock lock = new RedisLock(id, key, t, ttl);
        held.add(lock);
        if (closed) {
          lock.unlock();
          throw new IllegalStateException("sync closed");
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

  @Override
  public Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    Candidacy c = Candidacy.start(id, wait -> acquire(id, "micro:sync:leader:" + id, ttl, wait));
    candidacies.add(c);
    c.lost().whenComplete((v, e) -> candidacies.remove(c));
    return c;
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
      for (RedisLock l : held) {
        if (now - l.renewedAtNanos < l.ttl.toNanos() / 3) {
          continue;
        }
        try {
          Long n = call(() -> redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {l.key}, l.value(),
              Long.toString(Math.max(1, l.ttl.toMillis()))));
          if (n != null && n == 1) {
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
  public void abandon() {
    abandoned = true;
  }

  private <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      Status s = opened.connection().isOpen() ? Status.INTERNAL : Status.UNAVAILABLE;
      if (e instanceof io.lettuce.core.RedisConnectionException || e instanceof io.lettuce.core.RedisCommandTimeoutException) {
        s = Status.UNAVAILABLE;
      }
      throw new MicroException(s.withDescription("redis sync %s: %s", url, e.getMessage()).withCause(e), "micro.sync");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sync closed: " + url);
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.interrupt();
    for (Candidacy c : candidacies) {
      c.resign();
    }
    for (RedisLock l : held) {
      held.remove(l);
      if (!abandoned) {
        l.release();
      }
      l.markLost("the sync client closed");
    }
    opened.close();
  }
}
