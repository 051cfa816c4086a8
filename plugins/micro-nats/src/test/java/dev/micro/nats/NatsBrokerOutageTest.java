package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's own nats-server is killed and started again while the broker is in use. */
class NatsBrokerOutageTest {
  @TempDir Path store;

  @Test
  void theSameBrokerResubscribesAndDeliversWhatWasPublishedWhileTheServerWasDown() {
    String topic = "outage." + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Queue<String> grouped = new ConcurrentLinkedQueue<>();
    try (NatsServers.Started server = NatsServers.start(store);
         NatsBroker broker = (NatsBroker) Micro.broker("nats://" + server.address() + "?reconnectWait=100ms")) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.subscribe(topic, d -> grouped.add(new String(d.message().body(), UTF_8)),
          SubscribeOptions.defaults().withQueue("outage-group"));
      broker.publish(topic, Message.of("before".getBytes(UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before") && grouped.contains("before"));

      server.process().kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isConnected());
      for (int i = 0; i < 3; i++) {
        broker.publish(topic, Message.of(("during-" + i).getBytes(UTF_8))); // held by the client until it reconnects
      }
      server.process().restart();
      await().atMost(Duration.ofSeconds(20)).until(broker::isConnected);

      AtomicInteger n = new AtomicInteger();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        broker.publish(topic, Message.of(("after-" + n.incrementAndGet()).getBytes(UTF_8)));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
        assertThat(grouped).anyMatch(s -> s.startsWith("after-"));
      });
      // The client sends its subscriptions again before what it held, so nothing published during the outage is lost.
      assertThat(got).containsSubsequence(List.of("before", "during-0", "during-1", "during-2", "after-1"));
      assertThat(grouped).containsSubsequence(List.of("before", "during-0", "during-1", "during-2", "after-1"));
    }
  }
}
