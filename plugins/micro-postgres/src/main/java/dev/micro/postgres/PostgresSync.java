package dev.micro.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.PollingSync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Locks and leader election on PostgreSQL (and CockroachDB): one row per lock in
 * {@code micro_sync_locks} (created on first use), held until a server-side expiry. Rows are never
 * deleted: taking a lock increments the row's token under the row lock, so the fencing token is
 * larger every time the lock changes hands, whatever order concurrent takers started in. Waiting, renewal and leader election are
 * {@link PollingSync}'s. Safe for concurrent use.
 */
public final class PostgresSync extends PollingSync {
  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS micro_sync_locks (
        id text COLLATE "C" PRIMARY KEY, holder text NOT NULL, token bigint NOT NULL, expires timestamptz NOT NULL)""";
  // The token is computed from the row as it is once locked, never before: a taker that started
  // earlier but got the row later still gets the larger token.
  private static final String TAKE =
      "UPDATE micro_sync_locks SET holder = ?, token = token + 1, expires = now() + make_interval(secs => ?)"
      + " WHERE id = ? AND expires < now() RETURNING token";
  private static final String CREATE =
      "INSERT INTO micro_sync_locks (id, holder, token, expires) VALUES (?, ?, 1, now() + make_interval(secs => ?))"
      + " ON CONFLICT (id) DO NOTHING RETURNING token";
  private static final String RENEW =
      "UPDATE micro_sync_locks SET expires = now() + make_interval(secs => ?) WHERE id = ? AND holder = ? AND token = ? AND expires >= now()";
  private static final String RELEASE =
      "UPDATE micro_sync_locks SET expires = '-infinity' WHERE id = ? AND holder = ? AND token = ? AND expires >= now()";

  private final HikariDataSource pool;
  private final String holder = UUID.randomUUID().toString();
  private volatile boolean schemaReady;

  private PostgresSync(HikariDataSource pool, String url) {
    super(url);
    this.pool = pool;
  }

  /** A client for {@code postgres://user@host:5432/db} (options as for the store). */
  public static PostgresSync create(PluginUri uri) {
    return new PostgresSync(PgPool.open(uri), uri.toString());
  }

  @Override
  protected OptionalLong tryAcquire(String key, Duration ttl) {
    double seconds = ttl.toNanos() / 1e9;
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(TAKE)) {
        ps.setString(1, holder);
        ps.setDouble(2, seconds);
        ps.setString(3, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return OptionalLong.of(rs.getLong(1));
          }
        }
      }
      // No expired row to take: the lock is held, or has never existed.
      try (PreparedStatement ps = c.prepareStatement(CREATE)) {
        ps.setString(1, key);
        ps.setString(2, holder);
        ps.setDouble(3, seconds);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
      }
    });
  }

  @Override
  protected boolean renew(String key, long token, Duration ttl) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(RENEW)) {
        ps.setDouble(1, ttl.toNanos() / 1e9);
        ps.setString(2, key);
        ps.setString(3, holder);
        ps.setLong(4, token);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  protected boolean release(String key, long token) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
        ps.setString(1, key);
        ps.setString(2, holder);
        ps.setLong(3, token);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  protected void closeBackend() {
    pool.close();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
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
      throw new MicroException(s.withDescription("postgres sync %s: %s", describe(), e.getMessage()).withCause(e), "micro.sync");
    }
  }
}
