package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.ConsumeOptions;
import dev.micro.testing.TcpProxy;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server goes away for this stream only (a proxy cuts it off) and comes back. */
class JetStreamEventsOutageTest {
  @Test
  void publishingFailsFastWhileTheServerIsAwayAndTheSameInstanceConsumesAgainAfter() throws Exception {
    String topic = "outage-" + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 4222);
         JetStreamEvents events = (JetStreamEvents) Micro.events("jetstream://" + proxy.address()
             + "?reconnectWait=100ms&requestTimeout=2s")) {
      events.consume(topic, ConsumeOptions.defaults().withGroup("outage"), d -> got.add(new String(d.event().payload(), UTF_8)));
      events.publish(topic, "before".getBytes(UTF_8));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before"));

      proxy.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> !events.isConnected());
      long start = System.nanoTime();
      assertThatThrownBy(() -> events.publish(topic, "during".getBytes(UTF_8)))
          .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      proxy.restore();

      AtomicInteger n = new AtomicInteger();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
        events.publish(topic, ("after-" + n.incrementAndGet()).getBytes(UTF_8));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
      });
      assertThat(got).doesNotContain("during");
    } finally {
      try (Connection admin = Nats.connect("nats://127.0.0.1:4222")) {
        admin.jetStreamManagement().deleteStream(JetStreamEvents.name(topic));
      }
    }
  }
}
