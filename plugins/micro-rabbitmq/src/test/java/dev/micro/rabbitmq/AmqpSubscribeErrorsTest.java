package dev.micro.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the server refuses, or AMQP cannot carry, fails with a status that says why. */
class AmqpSubscribeErrorsTest {
  private static final String URL = "amqp://guest:guest@127.0.0.1:5672";

  @Test
  void aTopicOver255BytesIsAnInvalidArgumentBeforeAnythingIsSent() {
    String topic = "long." + "x".repeat(251); // 256 bytes
    try (AmqpBroker broker = (AmqpBroker) Micro.broker(URL)) {
      assertThatThrownBy(() -> broker.publish(topic, Message.of(new byte[1])))
          .isInstanceOf(MicroException.class).hasMessageContaining("INVALID_ARGUMENT")
          .hasMessageContaining("256 bytes").hasMessageContaining("at most 255");
      assertThatThrownBy(() -> broker.subscribe(topic, d -> {}))
          .isInstanceOf(MicroException.class).hasMessageContaining("INVALID_ARGUMENT");
      assertThat(broker.isConnected()).isTrue();
      broker.publish("long." + "x".repeat(250), Message.of(new byte[1])); // 255 bytes: fine
    }
  }

  @Test
  void joiningAQueueThatExistsWithOtherSettingsIsAFailedPreconditionNamingTheQueueAndReason() throws Exception {
    String topic = "inequivalent." + UUID.randomUUID();
    String group = "g-" + UUID.randomUUID();
    String queue = AmqpBroker.groupQueue(topic, group);
    try (Connection c = plain(); Channel ch = c.createChannel();
         AmqpBroker broker = (AmqpBroker) Micro.broker(URL)) {
      ch.queueDeclare(queue, true, false, false, Map.of()); // no dead-letter exchange
      assertThatThrownBy(() -> broker.subscribe(topic, d -> {}, SubscribeOptions.defaults().withQueue(group)))
          .isInstanceOf(MicroException.class).hasMessageContaining("FAILED_PRECONDITION")
          .hasMessageContaining(queue).hasMessageContaining("inequivalent arg 'x-dead-letter-exchange'")
          .hasMessageNotContaining(": null");
      assertThat(broker.subscriptionCount()).isZero();
    } finally {
      AmqpBrokerContractTest.deleteQueues(queue);
    }
  }

  @Test
  void aSubscriptionWhoseConsumeIsRefusedIsNotKept() throws Exception {
    String topic = "exclusive." + UUID.randomUUID();
    String group = "g-" + UUID.randomUUID();
    String queue = AmqpBroker.groupQueue(topic, group);
    try (Connection c = plain(); Channel ch = c.createChannel();
         AmqpBroker broker = (AmqpBroker) Micro.broker(URL)) {
      ch.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", AmqpBroker.DEAD_LETTER_EXCHANGE));
      ch.basicConsume(queue, false, "", false, true, null, new DefaultConsumer(ch)); // an exclusive consumer
      assertThatThrownBy(() -> broker.subscribe(topic, d -> {}, SubscribeOptions.defaults().withQueue(group)))
          .isInstanceOf(MicroException.class).hasMessageContaining("exclusive");
      assertThat(broker.subscriptionCount()).isZero();
    } finally {
      AmqpBrokerContractTest.deleteQueues(queue);
    }
  }

  private static Connection plain() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    return f.newConnection();
  }
}
