package dev.micro.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Metadata;
import dev.micro.events.Event;
import dev.micro.events.Offset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One topic's SQLite file, driven directly. */
class TopicLogTest {
  private static final long LONG_WAIT = 60_000;

  @TempDir Path dir;
  private TopicLog log;

  @BeforeEach
  void open() {
    log = TopicLog.open("t", dir.resolve("t.db"), NodeFile.Owner.current());
  }

  @AfterEach
  void close() {
    log.close();
  }

  private void append(String body) throws SQLException {
    log.append(new Event(body, "t", Instant.now(), Metadata.empty(), body.getBytes(UTF_8)));
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  /** An event released by a member that never began its handler comes again at the same delivery. */
  @Test
  void aReleasedEventIsClaimedAgainAtOnceWithoutADeliverySpent() throws SQLException {
    append("a");
    log.openGroup("g", Offset.beginning(), null);
    TopicLog.Claimed first = log.claim("g", LONG_WAIT, 1, (e, n) -> {});
    assertThat(first.attempt()).isEqualTo(1);
    log.release("g", first.seq(), first.attempt());
    List<String> drops = new ArrayList<>();
    TopicLog.Claimed again = log.claim("g", LONG_WAIT, 1, (e, n) -> drops.add(e.id()));
    assertThat(again.event().id()).isEqualTo("a");
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(drops).isEmpty();
    log.release("g", again.seq(), 2); // a stale attempt changes nothing
    assertThat(log.claim("g", LONG_WAIT, 1, (e, n) -> drops.add(e.id()))).isNull();
  }

  /** A file from before random groups had owners opens, its groups kept as named ones. */
  @Test
  void aFileWithoutGroupOwnersOpensWithItsGroups() throws SQLException {
    log.close();
    Path old = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE groups (name TEXT PRIMARY KEY NOT NULL, cursor INTEGER NOT NULL)");
      st.execute("INSERT INTO groups VALUES ('g', 7)");
    }
    log = TopicLog.open("t", old, NodeFile.Owner.current());
    log.openGroup("mine", Offset.beginning(), NodeFile.Owner.current());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT name, cursor, owner_pid FROM groups ORDER BY name")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("g");
      assertThat(rs.getLong(2)).isEqualTo(7);
      assertThat(rs.getObject(3)).isNull();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("mine");
      assertThat(rs.getLong(3)).isEqualTo(ProcessHandle.current().pid());
    }
  }

  /** A drop inside a claim that rolls back is undone with it, so it is reported once, when it sticks. */
  @Test
  void aDropInAClaimThatRollsBackIsReportedOnlyOnceItIsCommitted() throws SQLException {
    append("a");
    append("b");
    log.openGroup("g", Offset.beginning(), null);
    assertThat(log.claim("g", LONG_WAIT, 2, (e, n) -> {}).event().id()).isEqualTo("a");
    assertThat(log.claim("g", LONG_WAIT, 2, (e, n) -> {}).event().id()).isEqualTo("b");
    sql("UPDATE inflight SET deadline = 0, attempts = CASE seq WHEN 1 THEN 2 ELSE 1 END"); // a: last delivery used
    sql("CREATE TRIGGER stuck BEFORE UPDATE ON inflight BEGIN SELECT RAISE(ABORT, 'stuck'); END");
    List<String> drops = new ArrayList<>();
    assertThatThrownBy(() -> log.claim("g", LONG_WAIT, 2, (e, n) -> drops.add(e.id()))).isInstanceOf(SQLException.class);
    assertThat(drops).isEmpty();

    sql("DROP TRIGGER stuck");
    TopicLog.Claimed b = log.claim("g", LONG_WAIT, 2, (e, n) -> drops.add(e.id()));
    assertThat(b.event().id()).isEqualTo("b");
    assertThat(b.attempt()).isEqualTo(2);
    assertThat(drops).containsExactly("a");
  }
}
