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
import dev.micro.codec.Codecs;
import dev.micro.server.Subscriber;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** A service subscriber's undecodable message is dead-lettered at once: no requeue, no handler call. */
class AmqpMalformedPayloadTest {
  record UserCreated(String id, String email) {}

  @Test
  void anUndecodableMessageGoesStraightToTheDeadLetterExchange() throws Exception {
    String topic = "malformed." + UUID.randomUUID();
    String group = "malformed-test-" + UUID.randomUUID();
    Queue<Delivery> dead = new ConcurrentLinkedQueue<>();
    Queue<UserCreated> handled = new ConcurrentLinkedQueue<>();
    Queue<String> dlqTopics = new ConcurrentLinkedQueue<>();
    Subscriber subscriber = Subscriber.of("billing.Created", topic, UserCreated.class,
        SubscribeOptions.defaults().withQueue(group), (e, md) -> handled.add(e));
    try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672");
         Broker deadLetters = Micro.broker("amqp://guest:guest@127.0.0.1:5672?exchange=" + AmqpBroker.DEAD_LETTER_EXCHANGE)) {
      deadLetters.subscribe(topic, dead::add);
      Subscription sub = broker.subscribe(topic,
          subscriber.brokerHandler("billing", Codecs.load(), (t, m) -> dlqTopics.add(t)), subscriber.options());

      broker.publish(topic, Message.of("not an event".getBytes(UTF_8)));

      await().atMost(Duration.ofSeconds(10)).until(() -> !dead.isEmpty());
      assertThat(new String(dead.peek().message().body(), UTF_8)).isEqualTo("not an event");
      assertThat(sub.delivered()).isEqualTo(1);
      assertThat(sub.failed()).isEqualTo(1);
      assertThat(subscriber.malformed()).isEqualTo(1);
      assertThat(handled).isEmpty();
      assertThat(dlqTopics).isEmpty(); // the broker dead-lettered it; no <topic>.dlq copy
    } finally {
      AmqpBrokerContractTest.deleteQueues(AmqpBroker.groupQueue(topic, group));
    }
  }
}
