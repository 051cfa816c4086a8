package dev.micro.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.events.ConsumeOptions;
import dev.micro.events.Offset;
import dev.micro.testing.ChildJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file streams keep in their SQLite files, and how they fail. */
class FileEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  private Connection sqlite(String topic) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FileNames.segment(topic) + ".db"));
  }

  private long count(String topic, String sql) throws SQLException {
    try (Connection c = sqlite(topic); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(dev.micro.events.EventDelivery d) {
    return new String(d.event().payload(), UTF_8);
  }

  @Test
  void closingTheStreamRemovesItsRandomGroupsAndKeepsNamedOnes() throws Exception {
    try (FileEvents events = FileEvents.create(dir)) {
      Queue<String> got = new ConcurrentLinkedQueue<>();
      events.consume("t", ConsumeOptions.defaults().withAutoAck(false), d -> got.add(text(d))); // stays in flight
      events.consume("t", ConsumeOptions.defaults().withGroup("named"), d -> got.add(text(d)));
      events.publish("t", "x".getBytes(UTF_8));
      await().atMost(WAIT).until(() -> got.size() >= 2);
    }
    assertThat(count("t", "SELECT COUNT(*) FROM groups")).isEqualTo(1);
    assertThat(count("t", "SELECT COUNT(*) FROM groups WHERE name = 'named'")).isEqualTo(1);
    assertThat(count("t", "SELECT COUNT(*) FROM inflight")).isZero();
  }

  @Test
  void theRandomGroupOfAKilledProcessIsRemovedWhenTheTopicIsOpenedAgain() throws Exception {
    try (FileEvents events = FileEvents.create(dir)) {
      events.publish("t", "x".getBytes(UTF_8));
    }
    Process child = ChildJvm.command(RandomGroupChild.class, dir.toString(), "t")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(ChildJvm.killAfter(child, "consuming ", 1)).hasSize(1); // SIGKILL, holding the event
    assertThat(count("t", "SELECT COUNT(*) FROM groups")).isEqualTo(1);
    assertThat(count("t", "SELECT COUNT(*) FROM inflight")).isEqualTo(1);

    try (FileEvents events = FileEvents.create(dir)) {
      events.publish("t", "y".getBytes(UTF_8)); // opens the topic
      assertThat(count("t", "SELECT COUNT(*) FROM groups")).isZero();
      assertThat(count("t", "SELECT COUNT(*) FROM inflight")).isZero();
    }
  }

  /** The event is stored before the trim runs, so a failing trim must not fail the publish. */
  @Test
  void aPublishWhoseRetentionTrimFailsStillReturnsTheStoredEvent() throws Exception {
    Duration retention = Duration.ofMillis(500);
    try (FileEvents events = FileEvents.create(dir, retention)) {
      events.publish("t", "old".getBytes(UTF_8));
      try (Connection c = sqlite("t"); Statement st = c.createStatement()) {
        st.execute("CREATE TRIGGER keep BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are kept'); END");
      }
      Thread.sleep(retention.plusMillis(100)); // "old" is past its retention, and a trim is due
      String id = events.publish("t", "new".getBytes(UTF_8));

      Queue<String> got = new ConcurrentLinkedQueue<>();
      events.consume("t", ConsumeOptions.defaults().withOffset(Offset.beginning()), d -> got.add(text(d) + " " + d.event().id()));
      await().atMost(WAIT).until(() -> got.size() >= 2);
      assertThat(got).first().asString().startsWith("old "); // the trim failed indeed
      assertThat(got).hasSize(2).last().isEqualTo("new " + id);
    }
  }

  /** Times beyond what nanoseconds since 1970 in a long hold (1677 to 2262) are the ends of the log. */
  @Test
  void offsetTimesAtTheEndsOfTheAcceptedRangeAreTheEndsOfTheLog() {
    try (FileEvents events = FileEvents.create(dir)) {
      events.publish("t", "old".getBytes(UTF_8));
      Queue<String> first = new ConcurrentLinkedQueue<>();
      Queue<String> last = new ConcurrentLinkedQueue<>();
      events.consume("t", ConsumeOptions.defaults().withOffset(Offset.at(Offset.EARLIEST)),
          d -> first.add(text(d)));
      events.consume("t", ConsumeOptions.defaults().withOffset(Offset.at(Offset.LATEST)),
          d -> last.add(text(d)));
      events.publish("t", "new".getBytes(UTF_8));
      await().atMost(WAIT).until(() -> first.size() >= 2 && !last.isEmpty());
      assertThat(first).containsExactly("old", "new");
      assertThat(last).containsExactly("new");
    }
  }

  @Test
  void closingTheLogsClosesEachAndThrowsTheFirstFailure() {
    List<String> closed = new ArrayList<>();
    AutoCloseable one = () -> {
      closed.add("one");
      throw new IllegalStateException("one failed");
    };
    AutoCloseable two = () -> closed.add("two");
    AutoCloseable three = () -> {
      closed.add("three");
      throw new SQLException("three failed");
    };
    assertThatThrownBy(() -> FileEvents.closeAll(List.of(one, two, three)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("one failed")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("three failed"));
    assertThat(closed).containsExactly("one", "two", "three");
  }
}
