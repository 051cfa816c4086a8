package dev.micro.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One group name on two topics: each topic's subscription gets that topic's messages only. */
class AmqpQueueGroupTest {
  @Test
  void oneQueueNameOnTwoTopicsKeepsEachTopicsMessagesApart() throws Exception {
    String a = "group-a." + UUID.randomUUID();
    String b = "group-b." + UUID.randomUUID();
    String group = "billing-" + UUID.randomUUID(); // as a service subscribing to two topics under its name
    Queue<String> gotA = new ConcurrentLinkedQueue<>();
    Queue<String> gotB = new ConcurrentLinkedQueue<>();
    try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672")) {
      SubscribeOptions o = SubscribeOptions.defaults().withQueue(group);
      broker.subscribe(a, d -> gotA.add(d.message().headers().get(Message.TOPIC_HEADER).orElse("?") + " "
          + new String(d.message().body(), UTF_8)), o);
      broker.subscribe(b, d -> gotB.add(d.message().headers().get(Message.TOPIC_HEADER).orElse("?") + " "
          + new String(d.message().body(), UTF_8)), o);

      IntStream.range(0, 100).forEach(i -> broker.publish(a, Message.of(("a" + i).getBytes(UTF_8))));
      IntStream.range(0, 100).forEach(i -> broker.publish(b, Message.of(("b" + i).getBytes(UTF_8))));

      await().atMost(Duration.ofSeconds(10)).until(() -> gotA.size() + gotB.size() >= 200);
      assertThat(gotA).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).mapToObj(i -> a + " a" + i).toList());
      assertThat(gotB).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).mapToObj(i -> b + " b" + i).toList());
    } finally {
      AmqpBrokerContractTest.deleteQueues(group, AmqpBroker.groupQueue(a, group), AmqpBroker.groupQueue(b, group));
    }
  }
}
