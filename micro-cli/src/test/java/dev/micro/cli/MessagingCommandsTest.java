package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish, subscribe and events against NATS at 127.0.0.1:4222 and a file event log. */
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
}
