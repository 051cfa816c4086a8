package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RabbitMQ node of the test's own is killed ({@code SIGKILL}), restarted and frozen while
 * brokers use it. Each test leaves the node running for the next.
 */
class AmqpRestartTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path data;
  static RabbitServers.Started node;

  @BeforeAll
  static void startNode() {
    node = RabbitServers.start(data);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private static String url(String params) {
    return "amqp://guest:guest@" + node.address() + "?recoveryInterval=200ms" + params;
  }

  private static void killAndRestart() {
    node.process().kill();
    node.process().restart();
  }

  @Test
  void theSameBrokerResubscribesAfterTheServerIsKilledAndRestarted() {
    String topic = "restart." + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Queue<String> grouped = new ConcurrentLinkedQueue<>();
    try (AmqpBroker broker = (AmqpBroker) Micro.broker(url(""))) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.subscribe(topic, d -> grouped.add(new String(d.message().body(), UTF_8)),
          SubscribeOptions.defaults().withQueue("restart-group"));
      broker.publish(topic, Message.of("before".getBytes(UTF_8)));
      await().atMost(WAIT).until(() -> got.contains("before") && grouped.contains("before"));

      node.process().kill();
      await().atMost(WAIT).until(() -> !broker.isConnected());
      assertThatThrownBy(() -> broker.publish(topic, Message.of("during".getBytes(UTF_8))))
          .isInstanceOf(MicroException.class).hasMessageContaining("UNAVAILABLE");
      node.process().restart();

      AtomicInteger n = new AtomicInteger();
      await().atMost(WAIT).ignoreException(MicroException.class).untilAsserted(() -> {
        broker.publish(topic, Message.of(("after-" + n.incrementAndGet()).getBytes(UTF_8)));
        assertThat(got).anyMatch(s -> s.startsWith("after-"));
        assertThat(grouped).anyMatch(s -> s.startsWith("after-"));
      });
      assertThat(got).doesNotContain("during");
    }
  }

  @Test
  void confirmedPersistentMessagesWaitingForAGroupSurviveAKillAndTransientOnesDoNot() throws Exception {
    String durableTopic = "durable." + UUID.randomUUID();
    String transientTopic = "transient." + UUID.randomUUID();
    String durableGroup = "durable-" + UUID.randomUUID();
    String transientGroup = "transient-" + UUID.randomUUID();
    List<String> ids = IntStream.range(0, 50).mapToObj(i -> "m" + i).toList();
    try (AmqpBroker safe = (AmqpBroker) Micro.broker(url("&persistent=true&confirm=true"));
         AmqpBroker plain = (AmqpBroker) Micro.broker(url(""))) {
      // Declare both groups' queues, then leave them without a consumer: messages wait there.
      safe.subscribe(durableTopic, d -> {}, SubscribeOptions.defaults().withQueue(durableGroup)).unsubscribe();
      plain.subscribe(transientTopic, d -> {}, SubscribeOptions.defaults().withQueue(transientGroup)).unsubscribe();
      for (String id : ids) {
        safe.publish(durableTopic, Message.of(id.getBytes(UTF_8))); // returns once the server has it on disk
        plain.publish(transientTopic, Message.of(id.getBytes(UTF_8)));
      }
      await().atMost(WAIT).until(() -> waiting(AmqpBroker.groupQueue(transientTopic, transientGroup)) == ids.size());
    }

    killAndRestart();

    assertThat(waiting(AmqpBroker.groupQueue(transientTopic, transientGroup))).isZero();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (AmqpBroker broker = (AmqpBroker) Micro.broker(url(""))) {
      broker.subscribe(durableTopic, d -> got.add(new String(d.message().body(), UTF_8)),
          SubscribeOptions.defaults().withQueue(durableGroup));
      await().atMost(WAIT).until(() -> got.size() >= ids.size());
      assertThat(got).containsExactlyElementsOf(ids);
    }
  }

  @Test
  void aPublishTheFrozenServerCannotConfirmFailsWithUnavailableAndLaterOnesSucceed() {
    String topic = "frozen." + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (AmqpBroker broker = (AmqpBroker) Micro.broker(url("&confirm=true&confirmTimeout=500ms"))) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.publish(topic, Message.of("first".getBytes(UTF_8)));

      node.process().pause();
      try {
        assertThatThrownBy(() -> broker.publish(topic, Message.of("frozen".getBytes(UTF_8))))
            .isInstanceOf(MicroException.class).hasMessageContaining("UNAVAILABLE")
            .hasMessageContaining("not confirmed within PT0.5S");
        assertThat(broker.unconfirmed()).as("the publish given up on is not tracked any more").isZero();
      } finally {
        node.process().resume();
      }
      broker.publish(topic, Message.of("last".getBytes(UTF_8)));
      // The unconfirmed message was written to the socket before the freeze ended: it may arrive.
      await().atMost(WAIT).untilAsserted(() -> assertThat(got).startsWith("first").contains("last"));
    }
  }

  /** Messages waiting in {@code queue} on the test's node, read with a plain client. */
  private static int waiting(String queue) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    String[] hostPort = node.address().split(":");
    f.setHost(hostPort[0]);
    f.setPort(Integer.parseInt(hostPort[1]));
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    }
  }
}
