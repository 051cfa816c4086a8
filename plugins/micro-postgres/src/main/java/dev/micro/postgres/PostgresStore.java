package dev.micro.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.internal.Json;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store in PostgreSQL (or CockroachDB): a schema per store database and a table per store
 * table, made on first use, with go-micro's columns {@code key text primary key, value bytea,
 * metadata jsonb, expiry timestamptz}. Keys sort byte-wise ({@code COLLATE "C"}) so prefix reads
 * are index range scans, with no {@code LIKE} wildcards to escape. Connections come from a
 * HikariCP pool; a server that goes away fails calls with
 * {@link dev.micro.Status.Code#UNAVAILABLE} within the connect timeout, and the same store works
 * again once it is back. Safe for concurrent use.
 *
 * <pre>{@code
 * Store store = Micro.store("postgres://app@db:5432/app?connectTimeout=3s&pool=10");
 * }</pre>
 */
public final class PostgresStore implements Store {
  private final HikariDataSource pool;
  private final String url;
  private final Set<Scope> made = ConcurrentHashMap.newKeySet();
  private final ReentrantLock making = new ReentrantLock();

  private PostgresStore(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
  }

  /**
   * A store for {@code postgres://user[:password]@host[:port][,host2...]/dbname?params}
   * ({@code cockroach://} too). {@code connectTimeout} (default 3s) bounds how long a call waits
   * for a connection, {@code pool} (default 10) caps the connections; other parameters go to
   * pgjdbc ({@code sslmode=require}).
   */
  public static PostgresStore create(PluginUri uri) {
    Objects.requireNonNull(uri, "uri");
    return new PostgresStore(PgPool.open(uri), uri.toString());
  }

  @Override
  public Scope scope() {
    return Scope.DEFAULT;
  }

  @Override
  public Optional<Record> read(Scope scope, String key) {
    Record.requireKey(key);
    return select(scope, "key = ?", List.of(key), 0, 0).stream().findFirst();
  }

  @Override
  public List<Record> read(Scope scope, Query query) {
    return select(scope, query);
  }

  @Override
  public void write(Scope scope, Record record) {
    Objects.requireNonNull(record, "record");
    run(scope, (c, table) -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (key, value, metadata, expiry)"
          + " VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (key) DO UPDATE"
          + " SET value = EXCLUDED.value, metadata = EXCLUDED.metadata, expiry = EXCLUDED.expiry")) {
        ps.setString(1, record.key());
        ps.setBytes(2, record.value());
        ps.setString(3, Json.write(record.metadata()));
        ps.setObject(4, record.expiry().map(e -> OffsetDateTime.ofInstant(e, ZoneOffset.UTC)).orElse(null));
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void delete(Scope scope, String key) {
    Record.requireKey(key);
    run(scope, (c, table) -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
        ps.setString(1, key);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<String> list(Scope scope, Query query) {
    return select(scope, query).stream().map(Record::key).toList();
  }

  /** Drops a store database (its schema) with every table in it. */
  public void dropDatabase(String database) {
    run(null, (c, unused) -> {
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + PgNames.quoted(database) + " CASCADE");
      }
      made.removeIf(s -> s.database().equals(database));
      return null;
    });
  }

  private List<Record> select(Scope scope, Query query) {
    Objects.requireNonNull(query, "query");
    StringBuilder where = new StringBuilder("TRUE");
    List<Object> args = new ArrayList<>();
    if (!query.prefix().isEmpty()) {
      where.append(" AND key >= ?");
      args.add(query.prefix());
      query.prefixUpperBound().ifPresent(upper -> {
        where.append(" AND key < ?");
        args.add(upper);
      });
    }
    if (!query.suffix().isEmpty()) {
      where.append(" AND right(key, ?) = ?");
      args.add(query.suffix().codePointCount(0, query.suffix().length()));
      args.add(query.suffix());
    }
    return select(scope, where.toString(), args, query.limit(), query.offset());
  }

  private List<Record> select(Scope scope, String where, List<Object> args, int limit, int offset) {
    return run(scope, (c, table) -> {
      String sql = "SELECT key, value, metadata::text, expiry FROM " + table + " WHERE " + where
          + " AND (expiry IS NULL OR expiry > ?) ORDER BY key" + (limit > 0 ? " LIMIT " + limit : "") + " OFFSET " + offset;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        for (Object a : args) {
          ps.setObject(i++, a);
        }
        ps.setObject(i, OffsetDateTime.now(ZoneOffset.UTC));
        List<Record> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            OffsetDateTime expiry = rs.getObject(4, OffsetDateTime.class);
            out.add(new Record(rs.getString(1), rs.getBytes(2), metadata(rs.getString(3)),
                Optional.ofNullable(expiry).map(OffsetDateTime::toInstant)));
          }
        }
        return out;
      }
    });
  }

  private static Map<String, String> metadata(String json) {
    Map<String, String> m = new LinkedHashMap<>();
    Json.parseObject(json).forEach((k, v) -> m.put(k, String.valueOf(v)));
    return m;
  }

  private interface Work<T> {
    T run(Connection c, String table) throws SQLException;
  }

  /**
   * Runs {@code work} on a pooled connection against the scope's table, made first if need be.
   * Every operation is idempotent, so one that broke on a dead pooled connection (the server
   * restarted) or on a table dropped meanwhile is tried once more.
   */
  private <T> T run(Scope scope, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      boolean connected = false;
      try (Connection c = pool.getConnection()) {
        connected = true;
        String table = scope == null ? "" : table(c, scope);
        return work.run(c, table);
      } catch (SQLException e) {
        boolean gone = "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
        if (gone && scope != null) {
          made.remove(scope);
        }
        if (attempt == 1 && (gone || (connected && unavailable(e)))) {
          continue;
        }
        Status status = unavailable(e) ? Status.UNAVAILABLE : Status.INTERNAL;
        throw new MicroException(status.withDescription("store %s%s: %s", url, scope == null ? "" : " " + scope, e.getMessage()).withCause(e));
      } catch (IllegalStateException e) {
        throw new MicroException(Status.FAILED_PRECONDITION.withDescription("store %s is closed", url).withCause(e));
      }
    }
  }

  private String table(Connection c, Scope scope) throws SQLException {
    String table = PgNames.quoted(scope.database()) + "." + PgNames.quoted(scope.table());
    if (made.contains(scope)) {
      return table;
    }
    making.lock();
    try (Statement st = c.createStatement()) {
      if (!made.contains(scope)) {
        for (int attempt = 1; ; attempt++) {
          try {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + PgNames.quoted(scope.database()));
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (key text COLLATE \"C\" PRIMARY KEY,"
                + " value bytea NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', expiry timestamptz)");
            break;
          } catch (SQLException e) {
            // Another process made the same schema or table at the same moment: it exists now.
            boolean race = "23505".equals(e.getSQLState()) || "42P06".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
            if (!race || attempt == 3) {
              throw e;
            }
          }
        }
        made.add(scope);
      }
      return table;
    } finally {
      making.unlock();
    }
  }

  /** Whether {@code e} means the server could not be reached or went away. */
  static boolean unavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    pool.close();
  }
}
