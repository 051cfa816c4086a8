package dev.micro.local;

import dev.micro.MicroException;
import dev.micro.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite database file of a {@link FileStore}: a connection in WAL mode with
 * {@code synchronous=FULL}, so a write that returned is on disk, and the tables made in it so
 * far. A JDBC connection is not for concurrent use, so callers hold {@link #lock()} around it.
 */
final class SqliteFile implements AutoCloseable {
  private final Path path;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> tables = new HashSet<>();

  private SqliteFile(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  static SqliteFile open(Path path) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("PRAGMA busy_timeout=10000"); // other processes may hold the write lock briefly
      }
      return new SqliteFile(path, c);
    } catch (SQLException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot open store file %s: %s", path, e.getMessage()).withCause(e));
    }
  }

  ReentrantLock lock() {
    return lock;
  }

  /** The connection; only while holding {@link #lock()}. */
  Connection connection() {
    return connection;
  }

  /**
   * The SQL name of a store table, created with its expired rows purged on first use in this
   * process. Only while holding {@link #lock()}.
   */
  String table(String table, long nowMillis) throws SQLException {
    String name = quote(identifier(table));
    if (tables.add(table)) {
      try (Statement st = connection.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + name
            + " (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, metadata TEXT NOT NULL, expiry INTEGER)");
        st.execute("DELETE FROM " + name + " WHERE expiry IS NOT NULL AND expiry <= " + nowMillis);
      } catch (SQLException e) {
        tables.remove(table);
        throw e;
      }
    }
    return name;
  }

  /**
   * An SQL table name for a store table, one to one: SQLite folds ASCII case in names and keeps
   * {@code sqlite_} for itself, so ASCII other than lower-case letters, digits and {@code _-./}
   * becomes {@code ~XX}, and a name that would start with {@code sqlite_} gets a leading {@code ~}.
   */
  static String identifier(String table) {
    StringBuilder sb = new StringBuilder();
    table.codePoints().forEach(c -> {
      boolean plain = c >= 128 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '/';
      if (plain) {
        sb.appendCodePoint(c);
      } else {
        sb.append('~').append(String.format("%02X", c));
      }
    });
    return sb.toString().startsWith("sqlite_") ? "~" + sb : sb.toString();
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"'; // identifier() has escaped every '"'
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new MicroException(Status.INTERNAL.withDescription("closing %s: %s", path, e.getMessage()).withCause(e));
    } finally {
      lock.unlock();
    }
  }
}
