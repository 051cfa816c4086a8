package dev.micro.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Metadata;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Consumer;
import dev.micro.events.EventDelivery;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Events} stream must show, run by each implementation's test:
 *
 * <pre>{@code
 * class FileEventsContractTest extends EventsContract {
 *   protected Events newEvents() { return FileEvents.create(dir); }
 * }
 * }</pre>
 *
 * <p>Each test uses topics and groups of its own, so a server shared between tests and runs
 * keeps them apart; {@link #removeTopic} is called for each topic after the test. Streams made by
 * {@link #events()} are closed after each test. Not thread-safe; JUnit makes one instance per
 * test.
 */
public abstract class EventsContract {
  /** How long to wait for an event that should come. */
  protected static final Duration WAIT = Duration.ofSeconds(15);
  /** The ack wait of the redelivery tests. */
  protected static final Duration ACK_WAIT = Duration.ofSeconds(1);

  private final List<Events> opened = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();
  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

  /** A new stream, on the same backend as the others of this test. */
  protected abstract Events newEvents();

  /**
   * The URL a separate process opens to reach the same streams, for the crash test; empty for a
   * backend that lives inside one process (memory).
   */
  protected Optional<String> processUrl() {
    return Optional.empty();
  }

  /**
   * A new stream on the same backend that keeps events for {@code retention}; empty for a
   * backend without retention.
   */
  protected Optional<Events> newEvents(Duration retention) {
    return Optional.empty();
  }

  /** Removes what the backend keeps for {@code topic}; nothing by default. */
  protected void removeTopic(String topic) {}

  @AfterEach
  void closeEvents() {
    opened.forEach(Events::close);
    opened.clear();
    topics.forEach(this::removeTopic);
  }

  /** A stream closed after the test. */
  protected final Events events() {
    Events e = newEvents();
    opened.add(e);
    return e;
  }

  /** A topic unique to this test, removed after it. */
  protected final String topic(String base) {
    String t = prefix + "-" + base;
    topics.add(t);
    return t;
  }

  /** A group name unique to this test. */
  protected final String group(String base) {
    return prefix + "-" + base;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(EventDelivery d) {
    return new String(d.event().payload(), UTF_8);
  }

  @Test
  void aConsumerReceivesWhatIsPublishedWithItsMetadata() {
    Events events = events();
    String topic = topic("roundtrip");
    Queue<EventDelivery> got = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults(), got::add);
    String id = events.publish(topic, bytes("hello"), Metadata.of("Content-Type", "text/plain"));

    await().atMost(WAIT).until(() -> !got.isEmpty());
    EventDelivery d = got.peek();
    assertThat(d.event().id()).isEqualTo(id);
    assertThat(d.event().topic()).isEqualTo(topic);
    assertThat(text(d)).isEqualTo("hello");
    assertThat(d.event().metadata().get("content-type")).contains("text/plain");
    assertThat(d.attempt()).isEqualTo(1);
  }

  @Test
  void changingThePayloadArrayAfterPublishingDoesNotChangeTheEvent() {
    Events events = events();
    String topic = topic("copy");
    byte[] payload = bytes("original");
    events.publish(topic, payload);
    java.util.Arrays.fill(payload, (byte) 'x');
    Queue<String> got = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults().withOffset(Offset.beginning()), d -> got.add(text(d)));
    await().atMost(WAIT).until(() -> !got.isEmpty());
    assertThat(got).containsExactly("original");
  }

  @Test
  void everyGroupGetsEveryEvent() {
    Events events = events();
    String topic = topic("groups");
    Queue<String> a = new ConcurrentLinkedQueue<>();
    Queue<String> b = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults().withGroup(group("a")), d -> a.add(text(d)));
    events.consume(topic, ConsumeOptions.defaults().withGroup(group("b")), d -> b.add(text(d)));
    for (int i = 0; i < 10; i++) {
      events.publish(topic, bytes("e" + i));
    }
    await().atMost(WAIT).until(() -> a.size() >= 10 && b.size() >= 10);
    assertThat(a).containsExactlyInAnyOrderElementsOf(b).hasSize(10);
  }

  @Test
  void membersOfOneGroupSplitTheEventsEachOnce() {
    Events events = events();
    String topic = topic("split");
    ConsumeOptions opts = ConsumeOptions.defaults().withGroup(group("workers"));
    Queue<String> one = new ConcurrentLinkedQueue<>();
    Queue<String> two = new ConcurrentLinkedQueue<>();
    events.consume(topic, opts, d -> {
      one.add(text(d));
      Thread.sleep(20); // a busy member, so the other gets a share
    });
    events.consume(topic, opts, d -> {
      two.add(text(d));
      Thread.sleep(20);
    });
    int n = 40;
    for (int i = 0; i < n; i++) {
      events.publish(topic, bytes("e" + i));
    }
    await().atMost(WAIT).until(() -> one.size() + two.size() >= n);
    List<String> all = new ArrayList<>(one);
    all.addAll(two);
    assertThat(all).doesNotHaveDuplicates().hasSize(n);
    assertThat(one).isNotEmpty();
    assertThat(two).isNotEmpty();
  }

  @Test
  void anEventNotAcknowledgedWithinTheAckWaitIsDeliveredAgain() {
    Events events = events();
    String topic = topic("ackwait");
    Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults().withAutoAck(false).withAckWait(ACK_WAIT), d -> {
      attempts.add(d.attempt());
      if (d.attempt() > 1) {
        d.ack();
      }
    });
    events.publish(topic, bytes("late"));
    await().atMost(WAIT).until(() -> attempts.size() >= 2);
    assertThat(attempts).startsWith(1, 2);
  }

  @Test
  void aNackedEventIsDeliveredAgain() {
    Events events = events();
    String topic = topic("nack");
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Consumer c = events.consume(topic, ConsumeOptions.defaults().withAutoAck(false), d -> {
      got.add(text(d) + "#" + d.attempt());
      if (d.attempt() == 1) {
        d.nack();
      } else {
        d.ack();
      }
    });
    events.publish(topic, bytes("x"));
    await().atMost(WAIT).until(() -> got.contains("x#2"));
    assertThat(c.failed()).isEqualTo(1);
  }

  @Test
  void aHandlerThatThrowsGetsTheEventAgain() {
    Events events = events();
    String topic = topic("throws");
    Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults(), d -> {
      attempts.add(d.attempt());
      if (d.attempt() == 1) {
        throw new IllegalStateException("first time fails");
      }
    });
    events.publish(topic, bytes("x"));
    await().atMost(WAIT).until(() -> attempts.contains(2));
  }

  /** A handler that always fails on one event keeps getting it, and the events after it still arrive. */
  @Test
  void anEventThatAlwaysFailsDoesNotHoldUpTheEventsAfterIt() {
    Events events = events();
    String topic = topic("poison");
    Queue<String> got = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults(), d -> {
      got.add(text(d) + "#" + d.attempt());
      if (text(d).equals("poison")) {
        throw new IllegalStateException("cannot handle poison");
      }
    });
    events.publish(topic, bytes("poison"));
    events.publish(topic, bytes("ok"));
    await().atMost(WAIT).until(() -> got.contains("ok#1"));
    await().atMost(WAIT).until(() -> got.contains("poison#2"));
  }

  /** A nacked event comes again after a backoff that grows with each delivery, not at once. */
  @Test
  void aNackedEventComesAgainAfterAGrowingBackoff() {
    Events events = events();
    String topic = topic("backoff");
    ConsumeOptions opts = ConsumeOptions.defaults().withAutoAck(false);
    List<Long> started = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> nacked = java.util.Collections.synchronizedList(new ArrayList<>());
    events.consume(topic, opts, d -> {
      started.add(System.nanoTime());
      if (d.attempt() < 3) {
        nacked.add(System.nanoTime());
        d.nack();
      } else {
        d.ack();
      }
    });
    events.publish(topic, bytes("again"));
    await().atMost(WAIT).until(() -> started.size() >= 3);
    for (int attempt = 1; attempt <= 2; attempt++) {
      Duration waited = Duration.ofNanos(started.get(attempt) - nacked.get(attempt - 1));
      // less 2 ms: a file's deadlines count whole milliseconds
      assertThat(waited).as("wait after nack %d", attempt).isGreaterThanOrEqualTo(opts.nackDelay(attempt).minusMillis(2));
    }
    assertThat(opts.nackDelay(2)).isGreaterThan(opts.nackDelay(1));
  }

  @Test
  void theRetryLimitStopsRedeliveryAndCountsTheDrop() {
    Events events = events();
    String topic = topic("retry");
    Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    Consumer c = events.consume(topic, ConsumeOptions.defaults().withAutoAck(false).withAckWait(ACK_WAIT)
        .withRetryLimit(2), d -> {
          attempts.add(d.attempt());
          d.nack();
        });
    events.publish(topic, bytes("poison"));
    events.publish(topic, bytes("after"));
    await().atMost(WAIT).until(() -> c.dropped() >= 2);
    await().during(ACK_WAIT.multipliedBy(2)).atMost(ACK_WAIT.multipliedBy(4)).until(() -> attempts.size() == 6);
    assertThat(attempts).containsOnly(1, 2, 3);
    assertThat(c.dropped()).isEqualTo(2);
  }

  @Test
  void aGroupFromTheBeginningSeesEarlierEventsAndANewOnlyGroupDoesNot() {
    Events events = events();
    String topic = topic("offset");
    events.publish(topic, bytes("old"));
    Queue<String> all = new ConcurrentLinkedQueue<>();
    Queue<String> fresh = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults().withGroup(group("all")).withOffset(Offset.beginning()),
        d -> all.add(text(d)));
    events.consume(topic, ConsumeOptions.defaults().withGroup(group("new")).withOffset(Offset.newOnly()),
        d -> fresh.add(text(d)));
    events.publish(topic, bytes("new"));
    await().atMost(WAIT).until(() -> all.size() >= 2 && !fresh.isEmpty());
    assertThat(all).containsExactly("old", "new");
    assertThat(fresh).containsExactly("new");
  }

  @Test
  void aGroupFromATimeSeesTheEventsPublishedSince() throws InterruptedException {
    Events events = events();
    String topic = topic("time");
    events.publish(topic, bytes("before"));
    Thread.sleep(50); // timestamps a clear step apart
    java.time.Instant mark = java.time.Instant.now();
    Thread.sleep(50);
    events.publish(topic, bytes("since"));
    Queue<String> got = new ConcurrentLinkedQueue<>();
    events.consume(topic, ConsumeOptions.defaults().withOffset(Offset.at(mark)), d -> got.add(text(d)));
    await().atMost(WAIT).until(() -> !got.isEmpty());
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> got.size() == 1);
    assertThat(got).containsExactly("since");
  }

  @Test
  void aRestartedMemberResumesAfterTheLastAcknowledgedEvent() {
    Events events = events();
    String topic = topic("resume");
    ConsumeOptions opts = ConsumeOptions.defaults().withGroup(group("g")).withOffset(Offset.beginning());
    Queue<String> first = new ConcurrentLinkedQueue<>();
    Consumer c = events.consume(topic, opts, d -> first.add(text(d)));
    for (int i = 0; i < 5; i++) {
      events.publish(topic, bytes("a" + i));
    }
    await().atMost(WAIT).until(() -> first.size() >= 5);
    c.close();
    for (int i = 0; i < 3; i++) {
      events.publish(topic, bytes("b" + i));
    }
    Queue<String> second = new ConcurrentLinkedQueue<>();
    events().consume(topic, opts, d -> second.add(text(d)));
    await().atMost(WAIT).until(() -> second.size() >= 3);
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> second.size() == 3);
    assertThat(second).containsExactly("b0", "b1", "b2");
  }

  @Test
  void eventsAMemberLeftUnacknowledgedGoToTheNextMember() {
    Events events = events();
    String topic = topic("handover");
    ConsumeOptions opts = ConsumeOptions.defaults().withGroup(group("g")).withOffset(Offset.beginning())
        .withAutoAck(false).withAckWait(ACK_WAIT);
    Queue<String> taken = new ConcurrentLinkedQueue<>();
    Consumer quitter = events.consume(topic, opts, d -> {
      taken.add(text(d));
      if (taken.size() <= 2) {
        d.ack();
      }
    });
    for (int i = 0; i < 6; i++) {
      events.publish(topic, bytes("e" + i));
    }
    await().atMost(WAIT).until(() -> taken.size() >= 3);
    quitter.close();
    List<String> acked = new ArrayList<>(taken).subList(0, 2);
    Queue<String> rest = new ConcurrentLinkedQueue<>();
    events().consume(topic, opts, d -> {
      rest.add(text(d));
      d.ack();
    });
    await().atMost(WAIT).until(() -> new HashSet<>(rest).size() >= 4);
    List<String> expected = new ArrayList<>(List.of("e0", "e1", "e2", "e3", "e4", "e5"));
    expected.removeAll(acked);
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> new HashSet<>(rest).size() == 4);
    assertThat(new HashSet<>(rest)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * A member in another process is killed (SIGKILL) mid-stream; a new member of its group gets
   * every event it had not acknowledged, and none that it had. The member says which it
   * acknowledged, each once the acknowledgement returned, so at the kill it may have acknowledged
   * one more than it said: that one may or may not come again.
   */
  @Test
  void aMemberKilledMidStreamLosesNothingToItsGroup() throws Exception {
    Assumptions.assumeTrue(processUrl().isPresent(), "the backend lives inside one process");
    int total = 300;
    String topic = topic("crash");
    String group = group("crash");
    Events events = events();
    for (int i = 0; i < total; i++) {
      events.publish(topic, bytes("e" + i));
    }
    Process child = ChildJvm.command(ConsumingChild.class, processUrl().get(), topic, group).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    // SIGKILL, mid-stream; the member may say a few more before it is gone
    Set<String> acked = new HashSet<>(ChildJvm.killAfterReadingAll(child, "acked ", 80));
    assertThat(acked).hasSizeGreaterThanOrEqualTo(80);
    Set<String> owed = new HashSet<>();
    for (int i = 0; i < total; i++) {
      owed.add("e" + i);
    }
    owed.removeAll(acked);
    owed.remove(nextAcknowledgedBy(acked)); // acknowledged, perhaps, in the instant before the kill

    Set<String> got = ConcurrentHashMap.newKeySet();
    events().consume(topic, ConsumeOptions.defaults().withGroup(group), d -> got.add(text(d)));
    await().atMost(WAIT.multipliedBy(2)).until(() -> got.containsAll(owed));
    // An acknowledged event coming again would be a redelivery after the ack.
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> java.util.Collections.disjoint(got, acked));
    assertThat(got).doesNotContainAnyElementsOf(acked);
  }

  /**
   * The event {@link ConsumingChild} acknowledges after the last it said it did: it takes new
   * events in order and acknowledges all but every fifth.
   */
  private static String nextAcknowledgedBy(Set<String> said) {
    int last = said.stream().filter(s -> s.matches("e\\d+")).mapToInt(s -> Integer.parseInt(s.substring(1))).max()
        .orElse(-1);
    int next = last + 1;
    return "e" + (next % 5 == 0 ? next + 1 : next);
  }

  /** Events older than the retention are gone for a group that starts later; newer ones are not. */
  @Test
  void eventsOlderThanTheRetentionAreRemoved() {
    Duration retention = Duration.ofSeconds(1);
    Optional<Events> made = newEvents(retention);
    Assumptions.assumeTrue(made.isPresent(), "the backend keeps events forever");
    Events events = made.get();
    opened.add(events);
    String topic = topic("retention");
    events.publish(topic, bytes("old"));
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    // Publishing is what makes some backends trim, so publish until a new group no longer sees "old".
    await().atMost(WAIT).pollDelay(retention).pollInterval(Duration.ofMillis(300)).until(() -> {
      events.publish(topic, bytes("new" + n.incrementAndGet()));
      return !firstFromTheBeginning(events, topic, group("late" + n.get())).equals("old");
    });
    assertThat(firstFromTheBeginning(events, topic, group("last"))).startsWith("new");
  }

  private static String firstFromTheBeginning(Events events, String topic, String group) {
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Consumer c = events.consume(topic, ConsumeOptions.defaults().withGroup(group).withOffset(Offset.beginning()),
        d -> got.add(text(d)));
    try {
      await().atMost(WAIT).until(() -> !got.isEmpty());
      return got.peek();
    } finally {
      c.close();
    }
  }
}
