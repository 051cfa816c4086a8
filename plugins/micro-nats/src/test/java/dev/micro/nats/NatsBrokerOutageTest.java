package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.testing.TcpProxy;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server goes away for this broker only (a proxy cuts it off) and comes back. */
class NatsBrokerOutageTest {
  @Test
  void theSameBrokerPublishesAndDeliversAgainAfterTheServerComesBack() {
    String topic = "outage." + UUID.randomUUID();
    String group = "outage-group-" + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Queue<String> grouped = new ConcurrentLinkedQueue<>();
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 4222);
         NatsBroker broker = (NatsBroker) Micro.broker("nats://" + proxy.address() + "?reconnectWait=100ms")) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.subscribe(topic, d -> grouped.add(new String(d.message().body(), UTF_8)),
          SubscribeOptions.defaults().withQueue(group));
      broker.publish(topic, Message.of("before".getBytes(UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before") && grouped.contains("before"));

      proxy.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isConnected());
      proxy.restore();

      AtomicInteger n = new AtomicInteger();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        broker.publish(topic, Message.of(("after-" + n.incrementAndGet()).getBytes(UTF_8)));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
        assertThat(grouped).anyMatch(s -> s.startsWith("after-"));
      });
      assertThat(broker.isConnected()).isTrue();
    }
  }
}
