package dev.micro.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the contract leaves open: the memory broker's redelivery limit and its URL. */
class MemoryBrokerTest {
  @Test
  void aMessageThatAlwaysFailsIsDeliveredOncePlusTheRedeliveryLimitThenDropped() {
    try (Broker broker = Micro.broker("memory://?redeliveries=2")) {
      Subscription s = broker.subscribe("t", d -> {
        throw new IllegalStateException("always fails, for the test");
      });
      Subscription other = broker.subscribe("t", d -> {});

      broker.publish("t", Message.of(new byte[] {1}));
      broker.publish("t", Message.of(new byte[] {2}));

      await().atMost(Duration.ofSeconds(5)).until(() -> s.failed() == 6 && other.delivered() == 2);
      assertThat(s.delivered()).isEqualTo(6);
      assertThat(other.failed()).isZero();
    }
  }

  @Test
  void badParametersAndUnknownSchemesAreRefusedWithTheChoices() {
    assertThatThrownBy(() -> Micro.broker("memory://?redeliveries=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redeliveries");
    assertThatThrownBy(() -> Micro.broker("kafka://127.0.0.1:9092"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory");
    assertThatThrownBy(() -> SubscribeOptions.defaults().withQueue(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue");
  }
}
