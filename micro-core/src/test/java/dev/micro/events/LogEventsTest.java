package dev.micro.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The consumer machinery of {@link LogEvents}, on {@link MemoryEvents}. */
class LogEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * A member closed just after an event was published may have claimed it without starting its
   * handler: that event goes back to the group without using up a delivery, so with a retry limit
   * of 0 the next member still gets it, and the closed member starts no handler after close().
   */
  @Test
  void aClosedMemberHandsBackWhatItHadNotStartedAndStartsNothingMore() {
    try (MemoryEvents events = new MemoryEvents()) {
      for (int round = 0; round < 1000; round++) {
        String topic = "t" + round;
        ConsumeOptions once = ConsumeOptions.defaults().withGroup("g").withRetryLimit(0);
        Consumer first = events.consume(topic, once, d -> {});
        events.publish(topic, "e".getBytes(UTF_8));
        first.close();
        long startedBeforeClose = first.delivered();
        Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
        Consumer second = events.consume(topic, once, d -> attempts.add(d.attempt()));
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
            .until(() -> first.delivered() + second.delivered() + second.dropped() > 0);
        second.close();
        assertThat(second.dropped()).as("round %d: dropped undelivered", round).isZero();
        assertThat(first.delivered()).as("round %d: handler started after close", round).isEqualTo(startedBeforeClose);
        assertThat(attempts).as("round %d", round).allMatch(a -> a == 1);
      }
    }
  }

  @Test
  void theLargestRetryLimitStillDeliversAgain() {
    try (MemoryEvents events = new MemoryEvents()) {
      Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
      Consumer c = events.consume("t", ConsumeOptions.defaults().withRetryLimit(Integer.MAX_VALUE), d -> {
        attempts.add(d.attempt());
        if (d.attempt() == 1) {
          throw new IllegalStateException("first time fails");
        }
      });
      events.publish("t", "x".getBytes(UTF_8));
      await().atMost(WAIT).until(() -> attempts.size() >= 2 || c.dropped() > 0);
      assertThat(attempts).containsExactly(1, 2);
      assertThat(c.dropped()).isZero();
    }
  }

  @Test
  void theLongestAckWaitStillDelivers() {
    try (MemoryEvents events = new MemoryEvents()) {
      Queue<String> got = new ConcurrentLinkedQueue<>();
      events.consume("t", ConsumeOptions.defaults().withAckWait(ConsumeOptions.MAX_ACK_WAIT),
          d -> got.add(new String(d.event().payload(), UTF_8)));
      events.publish("t", "x".getBytes(UTF_8));
      await().atMost(WAIT).until(() -> !got.isEmpty());
      assertThat(got).containsExactly("x");
    }
  }

  /** Closing the stream stops every consumer first, then waits for all of them together. */
  @Test
  void closeWaitsForStuckHandlersOnceNotOncePerConsumer() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(3);
    MemoryEvents events = new MemoryEvents();
    List<Consumer> stuck = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stuck.add(events.consume("t", ConsumeOptions.defaults(), d -> {
        started.countDown();
        release.await(); // ignores close
      }));
    }
    events.publish("t", "x".getBytes(UTF_8));
    try {
      await().atMost(WAIT).until(() -> started.getCount() == 0);
      long start = System.nanoTime();
      events.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // One grace for all three: sequential waits would take three.
      assertThat(took).isLessThan(LogEvents.STOP_WAIT.multipliedBy(2));
      assertThat(stuck).noneMatch(Consumer::isActive);
    } finally {
      release.countDown();
    }
  }
}
