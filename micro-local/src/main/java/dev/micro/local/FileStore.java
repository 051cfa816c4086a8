package dev.micro.local;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.internal.Json;
import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default store: SQLite files under one directory, one file per store database
 * ({@code <dir>/<database>.db}) and one SQL table per store table, made on first use. Files are in
 * WAL mode with {@code synchronous=FULL}: a write that returned survives the process being
 * killed, and several processes may share the directory. Safe for concurrent use.
 *
 * <pre>{@code
 * try (Store store = FileStore.create(MicroHome.subdirectory("store"))) { ... }
 * }</pre>
 */
public final class FileStore implements Store {
  private final Path dir;
  private final String url;
  private final Map<String, SqliteFile> files = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private FileStore(Path dir, String url) {
    this.dir = dir;
    this.url = url;
  }

  /** A store keeping its files in {@code dir}, created if missing. */
  public static FileStore create(Path dir) {
    return create(dir, "file://" + dir.toAbsolutePath());
  }

  static FileStore create(Path dir, String url) {
    Objects.requireNonNull(dir, "dir");
    return new FileStore(MicroHome.createDirectories(dir.toAbsolutePath()), url);
  }

  /** The directory holding the database files. */
  public Path directory() {
    return dir;
  }

  @Override
  public Scope scope() {
    return Scope.DEFAULT;
  }

  @Override
  public Optional<Record> read(Scope scope, String key) {
    Record.requireKey(key);
    List<Record> found = query(scope, "key = ?", List.of(key), -1, 0);
    return found.stream().findFirst();
  }

  @Override
  public List<Record> read(Scope scope, Query query) {
    return select(scope, query);
  }

  @Override
  public void write(Scope scope, Record record) {
    Objects.requireNonNull(record, "record");
    withTable(scope, (file, table, now) -> {
      try (PreparedStatement ps = file.connection().prepareStatement(
          "INSERT OR REPLACE INTO " + table + " (key, value, metadata, expiry) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, record.key());
        ps.setBytes(2, record.value());
        ps.setString(3, Json.write(record.metadata()));
        ps.setObject(4, record.expiry().map(Instant::toEpochMilli).orElse(null));
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void delete(Scope scope, String key) {
    Record.requireKey(key);
    withTable(scope, (file, table, now) -> {
      try (PreparedStatement ps = file.connection().prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
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

  private List<Record> select(Scope scope, Query query) {
    Objects.requireNonNull(query, "query");
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (!query.prefix().isEmpty()) {
      where.append(" AND key >= ?"); // a range on the key's bytes: no LIKE, so no wildcards and no case folding
      args.add(query.prefix());
      query.prefixUpperBound().ifPresent(upper -> {
        where.append(" AND key < ?");
        args.add(upper);
      });
    }
    if (!query.suffix().isEmpty()) {
      where.append(" AND substr(key, ?) = ?");
      args.add(-query.suffix().codePointCount(0, query.suffix().length()));
      args.add(query.suffix());
    }
    return query(scope, where.toString(), args, query.limit() == 0 ? -1 : query.limit(), query.offset());
  }

  private List<Record> query(Scope scope, String where, List<Object> args, int limit, int offset) {
    return withTable(scope, (file, table, now) -> {
      String sql = "SELECT key, value, metadata, expiry FROM " + table + " WHERE " + where
          + " AND (expiry IS NULL OR expiry > ?) ORDER BY key LIMIT ? OFFSET ?";
      try (PreparedStatement ps = file.connection().prepareStatement(sql)) {
        int i = 1;
        for (Object a : args) {
          ps.setObject(i++, a);
        }
        ps.setLong(i++, now);
        ps.setInt(i++, limit);
        ps.setInt(i, offset);
        List<Record> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long expiry = rs.getLong(4);
            Optional<Instant> exp = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiry));
            out.add(new Record(rs.getString(1), rs.getBytes(2), metadata(rs.getString(3)), exp));
          }
        }
        return out;
      }
    });
  }

  static Map<String, String> metadata(String json) {
    Map<String, String> m = new LinkedHashMap<>();
    Json.parseObject(json).forEach((k, v) -> m.put(k, String.valueOf(v)));
    return m;
  }

  private interface TableWork<T> {
    T run(SqliteFile file, String table, long nowMillis) throws SQLException;
  }

  private <T> T withTable(Scope scope, TableWork<T> work) {
    Objects.requireNonNull(scope, "scope");
    SqliteFile file = file(scope.database());
    file.lock().lock();
    try {
      if (closed) {
        throw closedError();
      }
      long now = System.currentTimeMillis();
      return work.run(file, file.table(scope.table(), now), now);
    } catch (SQLException e) {
      throw new MicroException(Status.INTERNAL.withDescription("store %s %s: %s", url, scope, e.getMessage()).withCause(e));
    } finally {
      file.lock().unlock();
    }
  }

  private SqliteFile file(String database) {
    if (closed) {
      throw closedError();
    }
    return files.computeIfAbsent(database, db -> SqliteFile.open(dir.resolve(FileNames.segment(db) + ".db")));
  }

  private static MicroException closedError() {
    return new MicroException(Status.FAILED_PRECONDITION.withDescription("store is closed"));
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    closed = true;
    files.values().forEach(SqliteFile::close);
    files.clear();
  }
}
