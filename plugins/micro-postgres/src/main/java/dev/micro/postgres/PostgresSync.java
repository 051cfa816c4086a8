package dev.micro.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.Candidacy;
import dev.micro.sync.HeldLock;
import dev.micro.sync.Leader;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncArguments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Locks and leader election on PostgreSQL (and CockroachDB): one row per held lock in
 * {@code micro_sync_locks}, expiring at a server-side time, and fencing tokens from the sequence
 * {@code micro_sync_tokens}, so a token is larger every time a lock changes hands, across every
 * client. Held locks are renewed by a virtual thread every third of their TTL; a lock that cannot
 * be renewed before it expires is reported lost. Waiting polls every 25 to 75 ms. Both tables are
 * created on first use. Safe for concurrent use.
 */
public final class PostgresSync implements Sync {
  private static final String SCHEMA = """
      CREATE SEQUENCE IF NOT EXISTS micro_sync_tokens;
      CREATE TABLE IF NOT EXISTS micro_sync_locks (
        id text COLLATE "C" PRIMARY KEY, holder text NOT NULL, token bigint NOT NULL, expires timestamptz NOT NULL)""";
  private static final String ACQUIRE = """
      INSERT INTO micro_sync_locks AS l (id, holder, token, expires)
      VALUES (?, ?, nextval('micro_sync_tokens'), now() + make_interval(secs => ?))
      ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, token = EXCLUDED.token, expires = EXCLUDED.expires
      WHERE l.expires < now()
      RETURNING token""";
  private static final String RENEW =
      "UPDATE micro_sync_locks SET expires = now() + make_interval(secs => ?) WHERE id = ? AND holder = ? AND token = ? AND expires >= now()";
  private static final String RELEASE =
      "DELETE FROM micro_sync_locks WHERE id = ? AND holder = ? AND token = ? AND expires >= now()";

  private final HikariDataSource pool;
  private final String url;
  private final String holder = UUID.randomUUID().toString();
  private final Set<PgLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private final Thread renewer;
  private volatile boolean schemaReady;
  private volatile boolean closed;
  private volatile boolean abandoned;

  private final class PgLock extends HeldLock {
    final String key;
    final Duration ttl;
    volatile long renewedAtNanos = System.nanoTime();

    PgLock(String id, String key, long token, Duration ttl) {
      super(id, token);
      this.key = key;
      this.ttl = ttl;
    }

    @Override
    protected boolean release() {
      held.remove(this);
      try {
        return update(RELEASE, ps -> {
          ps.setString(1, key);
          ps.setString(2, holder);
          ps.setLong(3, fencingToken());
        }) == 1;
      } catch (MicroException e) {
        return false;
      }
    }
  }

  private PostgresSync(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
    this.renewer = Thread.ofVirtual().name("micro-postgres-sync-renewer").start(this::renewLoop);
  }

  /** A client for {@code postgres://user@host:5432/db} (options as for the store). */
  public static PostgresSync create(PluginUri uri) {
    return new PostgresSync(PgPool.open(uri), uri.toString());
  }

  @Override
  public Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    return acquire(id, "lock/" + id, ttl, wait);
  }

  private Lock acquire(String id, String key, Duration ttl, Duration wait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Long token = tryAcquire(key, ttl);
      if (token != null) {
        PgLock lock = new PgLock(id, key, token, ttl);
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

  private Long tryAcquire(String key, Duration ttl) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(ACQUIRE)) {
        ps.setString(1, key);
        ps.setString(2, holder);
        ps.setDouble(3, ttl.toNanos() / 1e9);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
  }

  @Override
  public Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    Candidacy c = Candidacy.start(id, wait -> acquire(id, "leader/" + id, ttl, wait));
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
      for (PgLock l : held) {
        if (now - l.renewedAtNanos < l.ttl.toNanos() / 3) {
          continue;
        }
        try {
          int n = update(RENEW, ps -> {
            ps.setDouble(1, l.ttl.toNanos() / 1e9);
            ps.setString(2, l.key);
            ps.setString(3, holder);
            ps.setLong(4, l.fencingToken());
          });
          if (n == 1) {
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

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        return ps.executeUpdate();
      }
    });
  }

  private <T> T withConnection(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      if (!schemaReady) {
        for (String ddl : SCHEMA.split(";")) {
          try (var st = c.createStatement()) {
            st.execute(ddl);
          } catch (SQLException e) {
            // Two clients creating the tables at once: one wins, the other sees it exists.
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
              throw e;
            }
          }
        }
        schemaReady = true;
      }
      return work.run(c);
    } catch (SQLException e) {
      Status s = PostgresStore.unavailable(e) ? Status.UNAVAILABLE : Status.INTERNAL;
      throw new MicroException(s.withDescription("postgres sync %s: %s", url, e.getMessage()).withCause(e), "micro.sync");
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
    for (PgLock l : held) {
      held.remove(l);
      if (!abandoned) {
        l.release();
      }
      l.markLost("the sync client closed");
    }
    pool.close();
  }
}
