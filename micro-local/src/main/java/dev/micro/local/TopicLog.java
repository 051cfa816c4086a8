package dev.micro.local;

import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.Event;
import dev.micro.events.Offset;
import dev.micro.internal.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite file of one topic of a {@link FileEvents}: the append-only log ({@code events}),
 * each group's cursor ({@code groups}: the last sequence number handed out, and for a random
 * group the process that owns it) and the events in flight per group ({@code inflight}: delivery
 * count and a wall-clock deadline, so that another process can take over an event whose consumer
 * died). WAL mode with {@code synchronous=FULL}:
 * an append or ack that returned is on disk. Writes that read first run in {@code BEGIN IMMEDIATE}
 * transactions, so two processes never claim one event for one group. Callers hold {@link #lock}.
 */
final class TopicLog implements AutoCloseable {
  /** An event handed to one member, with its delivery count. */
  record Claimed(long seq, int attempt, Event event) {}

  /** Told about each event dropped at its retry limit. */
  interface Drops {
    void dropped(Event event, int deliveries);
  }

  private record Dropped(Event event, int deliveries) {}

  final ReentrantLock lock = new ReentrantLock();
  private final String topic;
  private final Path path;
  private final Connection c;
  private long nextTrim = System.nanoTime(); // the first publish trims

  private TopicLog(String topic, Path path, Connection c) {
    this.topic = topic;
    this.path = path;
    this.c = c;
  }

  /**
   * Opens (creating if need be) the topic's file, and removes the random groups whose process on
   * this host ({@code self}'s) has ended.
   */
  static TopicLog open(String topic, Path path, NodeFile.Owner self) {
    Connection c = null;
    try {
      Properties p = new Properties();
      p.setProperty("transaction_mode", "IMMEDIATE"); // take the write lock at BEGIN: no upgrade deadlocks
      c = DriverManager.getConnection("jdbc:sqlite:" + path, p);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout=10000"); // other processes hold the write lock briefly
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,"
            + " ts INTEGER NOT NULL, metadata TEXT NOT NULL, payload BLOB NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS groups (name TEXT PRIMARY KEY NOT NULL, cursor INTEGER NOT NULL,"
            + " owner_pid INTEGER, owner_host TEXT, owner_pidns TEXT)");
        st.execute("CREATE TABLE IF NOT EXISTS inflight (grp TEXT NOT NULL, seq INTEGER NOT NULL,"
            + " attempts INTEGER NOT NULL, deadline INTEGER NOT NULL, PRIMARY KEY (grp, seq))");
      }
      TopicLog log = new TopicLog(topic, path, c);
      log.addOwnerColumns();
      log.forgetGroupsOfEndedProcesses(self);
      return log;
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw unavailable("cannot open event log " + path, e);
    }
  }

  /** Files made before random groups had owners get the columns; every group in them is a named one. */
  private void addOwnerColumns() throws SQLException {
    try (Statement st = c.createStatement()) {
      if (hasOwnerColumns(st)) {
        return;
      }
      // one process adds them; one opening at the same time waits, then sees them
      inTransaction(() -> {
        if (!hasOwnerColumns(st)) {
          st.execute("ALTER TABLE groups ADD COLUMN owner_pid INTEGER");
          st.execute("ALTER TABLE groups ADD COLUMN owner_host TEXT");
          st.execute("ALTER TABLE groups ADD COLUMN owner_pidns TEXT");
        }
        return null;
      });
    }
  }

  private static boolean hasOwnerColumns(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT 1 FROM pragma_table_info('groups') WHERE name = 'owner_pid'")) {
      return rs.next();
    }
  }

  private void forgetGroupsOfEndedProcesses(NodeFile.Owner self) throws SQLException {
    List<String> ended = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, owner_pid, owner_host, owner_pidns FROM groups WHERE owner_pid IS NOT NULL")) {
      while (rs.next()) {
        if (new NodeFile.Owner(rs.getLong(2), rs.getString(3), rs.getString(4)).ended(self)) {
          ended.add(rs.getString(1));
        }
      }
    }
    for (String group : ended) {
      forget(group);
    }
  }

  void append(Event e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, ts, metadata, payload) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, e.id());
      ps.setLong(2, nanos(e.timestamp()));
      ps.setString(3, Json.write(e.metadata().asMap()));
      ps.setBytes(4, e.payload());
      ps.executeUpdate();
    }
  }

  /**
   * Removes the events older than {@code retention}, with their deliveries in flight, if the last
   * look was long enough ago: a tenth of the retention, at most a minute.
   */
  void trimIfDue(Duration retention) throws SQLException {
    long now = System.nanoTime();
    if (now - nextTrim < 0) {
      return;
    }
    nextTrim = now + Math.min(retention.dividedBy(10).toNanos(), Duration.ofMinutes(1).toNanos());
    inTransaction(() -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE ts < ?")) {
        ps.setLong(1, nanos(Instant.now().minus(retention)));
        ps.executeUpdate();
      }
      try (Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM inflight WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.seq = inflight.seq)");
      }
      return null;
    });
  }

  /** Creates the group unless it exists; {@code owner} is the process of a random group, else null. */
  void openGroup(String group, Offset offset, NodeFile.Owner owner) throws SQLException {
    String start = switch (offset) {
      case Offset.Beginning b -> "0";
      case Offset.NewOnly n -> "(SELECT COALESCE(MAX(seq), 0) FROM events)";
      case Offset.At at -> "(SELECT COALESCE(MAX(seq), 0) FROM events WHERE ts < " + nanos(at.time()) + ")";
    };
    try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO groups (name, cursor, owner_pid, owner_host,"
        + " owner_pidns) VALUES (?, " + start + ", ?, ?, ?)")) {
      ps.setString(1, group);
      ps.setObject(2, owner == null ? null : owner.pid());
      ps.setString(3, owner == null ? null : owner.host());
      ps.setString(4, owner == null ? null : owner.pidns());
      ps.executeUpdate();
    }
  }

  /**
   * Claims the next event for {@code group}, or returns null; see {@link dev.micro.events.LogEvents}.
   * The events dropped on the way are reported to {@code drops} once the claim is committed.
   */
  Claimed claim(String group, long ackWaitMillis, int maxDeliveries, Drops drops) throws SQLException {
    long now = System.currentTimeMillis();
    if (!anythingFor(group, now)) {
      return null; // the common idle case, without taking the write lock
    }
    List<Dropped> dropped = new ArrayList<>();
    Claimed claimed = inTransaction(() -> claimInTransaction(group, now, ackWaitMillis, maxDeliveries, dropped));
    dropped.forEach(d -> drops.dropped(d.event(), d.deliveries())); // committed: they are gone for good
    return claimed;
  }

  private boolean anythingFor(String group, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM inflight WHERE grp = ? AND deadline <= ?)"
        + " OR EXISTS (SELECT 1 FROM events WHERE seq > (SELECT cursor FROM groups WHERE name = ?))")) {
      ps.setString(1, group);
      ps.setLong(2, now);
      ps.setString(3, group);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) != 0;
      }
    }
  }

  private Claimed claimInTransaction(String group, long now, long ackWaitMillis, int maxDeliveries, List<Dropped> drops)
      throws SQLException {
    while (true) {
      long seq;
      int attempts;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, attempts FROM inflight WHERE grp = ? AND deadline <= ? ORDER BY seq LIMIT 1")) {
        ps.setString(1, group);
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            break;
          }
          seq = rs.getLong(1);
          attempts = rs.getInt(2);
        }
      }
      if (attempts >= maxDeliveries) {
        update("DELETE FROM inflight WHERE grp = ? AND seq = ?", group, seq);
        drops.add(new Dropped(event(seq), attempts));
        continue;
      }
      update("UPDATE inflight SET attempts = attempts + 1, deadline = " + (now + ackWaitMillis)
          + " WHERE grp = ? AND seq = ?", group, seq);
      return new Claimed(seq, attempts + 1, event(seq));
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT MIN(seq) FROM events WHERE seq > (SELECT cursor FROM groups WHERE name = ?)")) {
      ps.setString(1, group);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getObject(1) == null) {
          return null;
        }
        long seq = rs.getLong(1);
        update("UPDATE groups SET cursor = " + seq + " WHERE name = ?", group, null);
        try (PreparedStatement in = c.prepareStatement("INSERT OR REPLACE INTO inflight (grp, seq, attempts, deadline) VALUES (?, ?, 1, ?)")) {
          in.setString(1, group);
          in.setLong(2, seq);
          in.setLong(3, now + ackWaitMillis);
          in.executeUpdate();
        }
        return new Claimed(seq, 1, event(seq));
      }
    }
  }

  private Event event(long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, ts, metadata, payload FROM events WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("event " + seq + " of " + topic + " is missing");
        }
        long ts = rs.getLong(2);
        Map<String, String> md = new LinkedHashMap<>();
        Json.parseObject(rs.getString(3)).forEach((k, v) -> md.put(k, String.valueOf(v)));
        return new Event(rs.getString(1), topic, Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L),
            Math.floorMod(ts, 1_000_000_000L)), Metadata.of(md), rs.getBytes(4));
      }
    }
  }

  void ack(String group, long seq, int attempt) throws SQLException {
    update("DELETE FROM inflight WHERE grp = ? AND seq = ? AND attempts = " + attempt, group, seq);
  }

  /** Makes the event due again {@code delayMillis} from now, if it is still at delivery {@code attempt}. */
  void nack(String group, long seq, int attempt, long delayMillis) throws SQLException {
    update("UPDATE inflight SET deadline = " + (System.currentTimeMillis() + delayMillis)
        + " WHERE grp = ? AND seq = ? AND attempts = " + attempt, group, seq);
  }

  /** Makes the event due at once at one delivery fewer, if it is still at delivery {@code attempt}. */
  void release(String group, long seq, int attempt) throws SQLException {
    update("UPDATE inflight SET attempts = attempts - 1, deadline = 0 WHERE grp = ? AND seq = ? AND attempts = "
        + attempt, group, seq);
  }

  void forget(String group) throws SQLException {
    inTransaction(() -> {
      update("DELETE FROM inflight WHERE grp = ?", group, null);
      update("DELETE FROM groups WHERE name = ?", group, null);
      return null;
    });
  }

  /** Work on the connection inside a transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private void update(String sql, String group, Long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, group);
      if (seq != null) {
        ps.setLong(2, seq);
      }
      ps.executeUpdate();
    }
  }

  /** Nanoseconds since 1970, saturated beyond what a long holds (before 1677, after 2262): the ends of the log. */
  private static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static MicroException unavailable(String what, Exception e) {
    return new MicroException(Status.UNAVAILABLE.withDescription(what + ": " + e.getMessage()).withCause(e));
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      throw new MicroException(Status.INTERNAL.withDescription("closing " + path + ": " + e.getMessage()).withCause(e));
    }
  }
}
