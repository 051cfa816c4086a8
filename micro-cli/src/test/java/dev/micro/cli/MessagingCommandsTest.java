package dev.micro.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish, subscribe and events against NATS at 127.0.0.1:4222, RabbitMQ at 5672 and a file event log. */
class MessagingCommandsTest {
  @TempDir Path dir;

  @Test
  void subscribePrintsWhatPublishSends() {
    String topic = "cli-" + UUID.randomUUID();
    CompletableFuture<CliRun> sub = CompletableFuture.supplyAsync(
        () -> CliRun.of("subscribe", topic, "--broker", "nats://127.0.0.1:4222", "--count", "1"));
    // Core NATS keeps nothing for late subscribers: publish until the subscriber has one.
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      CliRun pub = CliRun.of("publish", topic, "{\"id\":1}", "--broker", "nats://127.0.0.1:4222");
      assertThat(pub.exitCode()).isZero();
      return sub.isDone();
    });
    assertThat(sub.join().exitCode()).isZero();
    assertThat(sub.join().out().lines()).containsExactly("{\"id\":1}");
  }

  @Test
  void eventsConsumeReadsWhatEventsPublishAppended() {
    String events = "file://" + dir.toAbsolutePath();
    CliRun published = CliRun.of("events", "--events", events, "publish", "orders", "{\"order\":7}");
    assertThat(published.exitCode()).isZero();
    String id = published.out().strip();

    CliRun consumed = CliRun.of("events", "--events", events, "consume", "orders", "--group", "g", "--from-beginning", "--count", "1");
    assertThat(consumed.exitCode()).isZero();
    assertThat(consumed.out().lines()).containsExactly(id + "\t{\"order\":7}");
  }

  @Test
  void anUnknownBrokerSchemeIsAUsageError() {
    CliRun r = CliRun.of("publish", "t", "{}", "--broker", "kafka://x:1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("kafka");
  }

  @Test
  void subscribeWithACountLeavesTheRestInItsQueue() {
    String amqp = "amqp://guest:guest@127.0.0.1:5672";
    String topic = "cli-" + UUID.randomUUID();
    String queue = "cli-q-" + UUID.randomUUID();
    SubscribeOptions group = SubscribeOptions.defaults().withQueue(queue);
    try (Broker b = Micro.broker(amqp)) {
      b.subscribe(topic, d -> { }, group).unsubscribe(); // the group's durable queue now exists
      for (int i = 0; i < 10; i++) {
        b.publish(topic, Message.of(("{\"n\":" + i + "}").getBytes(UTF_8)));
      }
      CliRun one = CliRun.of("subscribe", topic, "--queue", queue, "--count", "1", "--broker", amqp);
      assertThat(one.exitCode()).isZero();
      assertThat(one.out().lines()).containsExactly("{\"n\":0}");

      Queue<String> rest = new ConcurrentLinkedQueue<>();
      b.subscribe(topic, d -> rest.add(new String(d.message().body(), UTF_8)), group);
      await().atMost(Duration.ofSeconds(20)).until(() -> rest.size() >= 9);
      assertThat(rest).hasSize(9).doesNotContain("{\"n\":0}");
    }
  }

  @Test
  void aNegativeCountIsAUsageError() {
    CliRun r = CliRun.of("subscribe", "t", "--count", "-1", "--broker", "nats://127.0.0.1:4222");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("count: -1 (expected: 0 for no limit, or more)");
  }

  @Test
  void aPayloadWithLineBreaksIsPrintedOnOneLine() {
    String events = "file://" + dir.toAbsolutePath();
    CliRun published = CliRun.of("events", "--events", events, "publish", "orders", "{\n  \"order\": 7\r\n}");
    String id = published.out().strip();
    CliRun consumed = CliRun.of("events", "--events", events, "consume", "orders", "--from-beginning", "--count", "1");
    assertThat(consumed.exitCode()).isZero();
    assertThat(consumed.out().lines()).containsExactly(id + "\t{   \"order\": 7 }");
  }
}
