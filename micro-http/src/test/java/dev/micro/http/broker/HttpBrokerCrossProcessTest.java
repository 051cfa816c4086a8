package dev.micro.http.broker;

import dev.micro.testing.ChildJvm;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Metadata;
import dev.micro.Micro;
import dev.micro.broker.Message;
import dev.micro.registry.Registry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscriber in another JVM receives what this one publishes, found through a file registry. */
class HttpBrokerCrossProcessTest {
  @TempDir Path registryDir;

  @Test
  void aChildProcessReceivesEveryMessagePublishedHere() throws Exception {
    String registryUrl = "file://" + registryDir.toAbsolutePath();
    Process child = ChildJvm.command(SubscriberProcess.class, registryUrl, "events", "3").redirectErrorStream(true).start();
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        r.lines().forEach(lines::add);
      } catch (java.io.IOException e) {
        // the child went away
      }
    });
    try (Registry registry = Micro.registry(registryUrl);
         HttpBroker broker = HttpBroker.create(registry, "127.0.0.1:0")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("ready"));
      assertThat(registry.getService(HttpBroker.SERVICE)).singleElement().satisfies(r -> {
        assertThat(r.version()).isEqualTo(HttpBroker.BROADCAST);
        assertThat(r.nodes()).singleElement().satisfies(n -> {
          assertThat(n.id()).startsWith("events-go.micro.http.broker-");
          assertThat(n.metadata()).containsEntry("broker", "http").containsEntry("topic", "events")
              .containsEntry("secure", "false");
        });
      });

      for (int i = 1; i <= 3; i++) {
        broker.publish("events", Message.of(Metadata.of("X-From", "parent"), ("m" + i).getBytes(UTF_8)));
      }

      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits after three messages: %s", lines).isTrue();
      assertThat(lines).containsSubsequence(List.of("ready", "got parent m1", "got parent m2", "got parent m3"));
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.getService(HttpBroker.SERVICE).isEmpty());
    } finally {
      child.destroyForcibly();
    }
  }
}
