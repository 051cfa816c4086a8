package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The options of an amqp:// URL. */
class AmqpUrlOptionsTest {
  @Test
  void aPercentEncodedVhostIsDecoded() {
    String topic = "vhost." + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672/%2F")) { // the vhost "/"
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.publish(topic, Message.of("hi".getBytes(UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("hi"));
    }
    assertThat(AmqpBrokerProvider.percentDecode("vhost", "a%2Fb+c%C3%A9")).isEqualTo("a/b+cé");
    assertThatThrownBy(() -> AmqpBrokerProvider.percentDecode("vhost", "a%2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("vhost: 'a%2' (expected: %XX escapes of two hex digits)");
  }

  @Test
  void aSubSecondHeartbeatIsRefusedAndZeroOrWholeSecondsAreTaken() {
    assertThatThrownBy(() -> Micro.broker("amqp://guest:guest@127.0.0.1:5672?heartbeat=500ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeat: 500ms (expected: 0 or whole seconds");
    assertThatThrownBy(() -> Micro.broker("amqp://guest:guest@127.0.0.1:5672?heartbeat=1500ms"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat: 1500ms");
    for (String ok : new String[] {"0", "0s", "2s"}) {
      try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672?heartbeat=" + ok)) {
        assertThat(((AmqpBroker) broker).isConnected()).as(ok).isTrue();
      }
    }
  }

  @Test
  void anUnknownOptionIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> Micro.broker("amqp://guest:guest@127.0.0.1:5672?confrim=true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'confrim'")
        .hasMessageContaining("confirm, confirmTimeout, exchange, heartbeat, maxMessageSize, persistent, prefetch, "
            + "recoveryInterval, redeliveries");
  }
}
