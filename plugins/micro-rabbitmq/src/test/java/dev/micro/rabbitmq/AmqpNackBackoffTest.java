package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Delivery;
import dev.micro.broker.Message;
import dev.micro.broker.Subscription;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A nacked message waits (100 ms, doubling, at most 5 s) before it is requeued. */
class AmqpNackBackoffTest {
  private static final String URL = "amqp://guest:guest@127.0.0.1:5672";

  @Test
  void aHandlerThatFailsForItsFirst300msStillProcessesTheMessage() {
    String topic = "backoff." + UUID.randomUUID();
    AtomicLong first = new AtomicLong();
    Queue<String> processed = new ConcurrentLinkedQueue<>();
    Queue<Delivery> dead = new ConcurrentLinkedQueue<>();
    try (Broker broker = Micro.broker(URL); // 5 redeliveries
         Broker deadLetters = Micro.broker(URL + "?exchange=" + AmqpBroker.DEAD_LETTER_EXCHANGE)) {
      deadLetters.subscribe(topic, dead::add);
      Subscription s = broker.subscribe(topic, d -> {
        long now = System.nanoTime();
        first.compareAndSet(0, now);
        if (now - first.get() < Duration.ofMillis(300).toNanos()) {
          throw new IllegalStateException("not ready yet, for the test");
        }
        processed.add(new String(d.message().body(), UTF_8));
      });

      broker.publish(topic, Message.of("job".getBytes(UTF_8)));

      await().atMost(Duration.ofSeconds(10)).until(() -> !processed.isEmpty() || !dead.isEmpty());
      assertThat(dead).isEmpty();
      assertThat(processed).containsExactly("job");
      assertThat(s.failed()).isBetween(1L, 5L);
    }
  }

  @Test
  void aMessageWithoutIdFromAPlainPublisherIsRedeliveredBoundedTimesThenDeadLettered() throws Exception {
    String topic = "backoff-raw." + UUID.randomUUID();
    java.util.List<Long> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    Queue<Delivery> dead = new ConcurrentLinkedQueue<>();
    try (Broker broker = Micro.broker(URL + "?redeliveries=5");
         Broker deadLetters = Micro.broker(URL + "?exchange=" + AmqpBroker.DEAD_LETTER_EXCHANGE)) {
      deadLetters.subscribe(topic, dead::add);
      broker.subscribe(topic, d -> {
        deliveries.add(System.nanoTime());
        throw new IllegalStateException("always fails, for the test");
      });

      ConnectionFactory f = new ConnectionFactory();
      f.setHost("127.0.0.1");
      try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
        ch.basicPublish(AmqpBroker.EXCHANGE, topic, new AMQP.BasicProperties.Builder().build(), "raw".getBytes(UTF_8));
      }

      // Counted by its content: after 5 requeues it is dead-lettered, not requeued forever.
      await().atMost(Duration.ofSeconds(15)).until(() -> !dead.isEmpty());
      assertThat(new String(dead.peek().message().body(), UTF_8)).isEqualTo("raw");
      assertThat(deliveries).hasSize(6);
      // Each requeue waited its backoff first, rather than coming straight back.
      for (int nack = 1; nack < deliveries.size(); nack++) {
        Duration gap = Duration.ofNanos(deliveries.get(nack) - deliveries.get(nack - 1));
        assertThat(gap).as("wait after nack %d", nack)
            .isGreaterThanOrEqualTo(Duration.ofMillis(AmqpSubscription.nackDelayMillis(nack)));
      }
    }
  }
}
