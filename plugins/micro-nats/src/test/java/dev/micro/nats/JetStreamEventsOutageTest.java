package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Offset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's own nats-server is stopped and started again while events are published and consumed. */
class JetStreamEventsOutageTest {
  @TempDir Path store;

  @Test
  void publishingFailsFastWhileTheServerIsDownAndStoredEventsAndConsumersOutliveTheRestart() {
    String topic = "outage-" + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (NatsServers.Started server = NatsServers.start(store);
         JetStreamEvents events = (JetStreamEvents) Micro.events("jetstream://" + server.address()
             + "?reconnectWait=100ms&requestTimeout=2s")) {
      events.consume(topic, ConsumeOptions.defaults().withGroup("live"), d -> got.add(new String(d.event().payload(), UTF_8)));
      events.publish(topic, "before".getBytes(UTF_8));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before"));

      server.process().stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> !events.isConnected());
      long start = System.nanoTime();
      assertThatThrownBy(() -> events.publish(topic, "during".getBytes(UTF_8)))
          .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      server.process().restart();

      AtomicInteger n = new AtomicInteger();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
        events.publish(topic, ("after-" + n.incrementAndGet()).getBytes(UTF_8));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
      });
      assertThat(got).doesNotContain("during");

      // The stream kept what was stored before the restart: a new group from the beginning reads it all.
      Queue<String> replay = new ConcurrentLinkedQueue<>();
      events.consume(topic, ConsumeOptions.defaults().withGroup("replay").withOffset(Offset.beginning()),
          d -> replay.add(new String(d.event().payload(), UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> replay.size() >= 1 + n.get());
      assertThat(replay).first().isEqualTo("before");
      assertThat(replay).doesNotContain("during").contains("after-" + n.get());
    }
  }
}
