package dev.micro.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
    log = TopicLog.open("t", dir.resolve("t.db"));
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
    log.openGroup("g", Offset.beginning());
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
}
