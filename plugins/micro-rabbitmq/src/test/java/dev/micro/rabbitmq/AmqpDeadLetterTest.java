package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Delivery;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** A message that keeps failing is requeued up to the limit, then dead-lettered to micro.dlx. */
class AmqpDeadLetterTest {
  @Test
  void aMessageRejectedPastTheLimitGoesToTheDeadLetterExchange() throws Exception {
    String topic = "dlx." + UUID.randomUUID();
    String group = "dlx-test-" + UUID.randomUUID();
    Queue<Delivery> dead = new ConcurrentLinkedQueue<>();
    try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672?redeliveries=2");
         Broker deadLetters = Micro.broker("amqp://guest:guest@127.0.0.1:5672?exchange=" + AmqpBroker.DEAD_LETTER_EXCHANGE)) {
      deadLetters.subscribe(topic, dead::add);
      Subscription failing = broker.subscribe(topic, d -> {
        throw new IllegalStateException("always fails, for the test");
      }, SubscribeOptions.defaults().withQueue(group));

      broker.publish(topic, Message.of("poison".getBytes(UTF_8)).withHeader("X-Case", "dlx"));

      await().atMost(Duration.ofSeconds(10)).until(() -> !dead.isEmpty());
      Delivery d = dead.peek();
      assertThat(new String(d.message().body(), UTF_8)).isEqualTo("poison");
      assertThat(d.message().headers().get("X-Case")).contains("dlx");
      assertThat(failing.delivered()).isEqualTo(3);
      assertThat(failing.failed()).isEqualTo(3);
    } finally {
      AmqpBrokerContractTest.deleteQueues(AmqpBroker.groupQueue(topic, group));
    }
  }
}
