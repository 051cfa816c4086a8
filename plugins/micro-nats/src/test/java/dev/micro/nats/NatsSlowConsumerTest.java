package dev.micro.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.broker.Subscription;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A subscriber that falls behind its pending limit on the NATS server at 127.0.0.1:4222. */
class NatsSlowConsumerTest {
  @Test
  void messagesPastThePendingLimitAreDroppedAndCountedAndTheRestDelivered() throws Exception {
    String topic = "slow." + UUID.randomUUID();
    CountDownLatch release = new CountDownLatch(1);
    try (Broker subscriber = Micro.broker("nats://127.0.0.1:4222?pendingMessages=10");
         Broker publisher = Micro.broker("nats://127.0.0.1:4222")) {
      Subscription sub = subscriber.subscribe(topic, d -> release.await());
      for (int i = 0; i < 100; i++) {
        publisher.publish(topic, Message.of(new byte[] {(byte) i}));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> sub.dropped() >= 89);
      release.countDown();
      // Every message was either handed over or dropped: none vanished uncounted.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sub.delivered() + sub.dropped()).isEqualTo(100));
      assertThat(sub.delivered()).isBetween(10L, 11L); // the pending ten, and the one in the handler
    }
  }

  @Test
  void aSubscriberWithinItsLimitDropsNothing() {
    String topic = "fast." + UUID.randomUUID();
    try (Broker broker = Micro.broker("nats://127.0.0.1:4222")) {
      Subscription sub = broker.subscribe(topic, d -> {});
      for (int i = 0; i < 1000; i++) {
        broker.publish(topic, Message.of(new byte[16]));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> sub.delivered() == 1000);
      assertThat(sub.dropped()).isZero();
    }
  }

  @Test
  void pendingLimitsMustBePositive() {
    assertThatThrownBy(() -> Micro.broker("nats://127.0.0.1:4222?pendingMessages=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingMessages: 0 (expected: >= 1)");
    assertThatThrownBy(() -> Micro.broker("nats://127.0.0.1:4222?pendingBytes=lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingBytes: 'lots'");
  }
}
