package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.MicroException;
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
class AmqpBrokerOutageTest {
  @Test
  void theSameBrokerPublishesAndDeliversAgainAfterTheServerComesBack() throws Exception {
    String topic = "outage." + UUID.randomUUID();
    String group = "outage-group-" + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Queue<String> grouped = new ConcurrentLinkedQueue<>();
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 5672);
         AmqpBroker broker = (AmqpBroker) Micro.broker("amqp://guest:guest@" + proxy.address() + "?recoveryInterval=200ms")) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.subscribe(topic, d -> grouped.add(new String(d.message().body(), UTF_8)),
          SubscribeOptions.defaults().withQueue(group));
      broker.publish(topic, Message.of("before".getBytes(UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("before") && grouped.contains("before"));

      proxy.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isConnected());
      assertThatThrownBy(() -> broker.publish(topic, Message.of("during".getBytes(UTF_8))))
          .isInstanceOf(MicroException.class).hasMessageContaining("UNAVAILABLE");
      proxy.restore();

      // While recovering, publish fails with UNAVAILABLE; once the queue is bound again it arrives.
      AtomicInteger n = new AtomicInteger();
      await().atMost(Duration.ofSeconds(20)).ignoreException(MicroException.class).untilAsserted(() -> {
        broker.publish(topic, Message.of(("after-" + n.incrementAndGet()).getBytes(UTF_8)));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
        assertThat(grouped).anyMatch(s -> s.startsWith("after-"));
      });
      assertThat(broker.isConnected()).isTrue();
    } finally {
      AmqpBrokerContractTest.deleteQueues(AmqpBroker.groupQueue(topic, group));
    }
  }
}
