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
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A publish the server rejects with a channel error does not stop later publishes. */
class AmqpPublishChannelTest {
  private static final String URL = "amqp://guest:guest@127.0.0.1:5672";

  @Test
  void aBodyOverMaxMessageSizeIsRefusedBeforeItIsSentAndLaterPublishesWork() {
    String topic = "size." + UUID.randomUUID();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (AmqpBroker broker = (AmqpBroker) Micro.broker(URL + "?maxMessageSize=1024")) {
      broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      broker.publish(topic, Message.of(new byte[1024])); // at the limit: sent

      assertThatThrownBy(() -> broker.publish(topic, Message.of(new byte[1025])))
          .isInstanceOf(MicroException.class).hasMessageContaining("RESOURCE_EXHAUSTED")
          .hasMessageContaining("1025 bytes").hasMessageContaining("1024 bytes");
      broker.publish(topic, Message.of("after".getBytes(UTF_8)));

      await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("after"));
      assertThat(got).hasSize(2);
    }
  }

  @Test
  void afterTheServerClosesThePublishChannelTheNextPublishOpensANewOne() throws Exception {
    for (String options : new String[] {"", "&confirm=true"}) {
      String exchange = "micro.test." + UUID.randomUUID();
      String topic = "channel." + UUID.randomUUID();
      Queue<String> got = new ConcurrentLinkedQueue<>();
      try (AmqpBroker broker = (AmqpBroker) Micro.broker(URL + "?exchange=" + exchange + options)) {
        withPlainChannel(ch -> ch.exchangeDelete(exchange));
        // To a missing exchange: the server closes the channel (404). With confirms this publish fails.
        try {
          broker.publish(topic, Message.of("lost".getBytes(UTF_8)));
        } catch (MicroException e) {
          assertThat(e).hasMessageContaining("UNAVAILABLE");
        }
        withPlainChannel(ch -> ch.exchangeDeclare(exchange, "topic", true));
        broker.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));

        if (options.isEmpty()) {
          // Without confirms the channel's closing may still be under way for a publish or two.
          AtomicInteger n = new AtomicInteger();
          await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            broker.publish(topic, Message.of(("after-" + n.incrementAndGet()).getBytes(UTF_8)));
            assertThat(got).isNotEmpty();
          });
        } else {
          // The failed publish's confirm came with the channel's closing: the next one goes out on a new channel.
          broker.publish(topic, Message.of("after".getBytes(UTF_8)));
          await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("after"));
        }
        assertThat(broker.isConnected()).isTrue();
      } finally {
        withPlainChannel(ch -> ch.exchangeDelete(exchange));
      }
    }
  }

  interface ChannelAction {
    void run(Channel ch) throws Exception;
  }

  private static void withPlainChannel(ChannelAction action) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      action.run(ch);
    }
  }
}
