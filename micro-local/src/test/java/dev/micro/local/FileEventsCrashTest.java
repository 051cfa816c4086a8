package dev.micro.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer in another process is killed (SIGKILL) mid-stream; a new member of its group gets
 * every event it had not acknowledged, and none it had.
 */
class FileEventsCrashTest {
  private static final int EVENTS = 300;
  @TempDir Path dir;

  @Test
  void aRestartedGroupMemberGetsEveryEventTheKilledOneDidNotAcknowledge() throws Exception {
    String topic = "crash";
    String group = "workers";
    try (Events events = FileEvents.create(dir)) {
      for (int i = 0; i < EVENTS; i++) {
        events.publish(topic, ("e" + i).getBytes(UTF_8));
      }
    }
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        ConsumingChild.class.getName(), dir.toString(), topic, group)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Set<String> acked = new HashSet<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (acked.size() < 80 && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked.add(line.substring("acked ".length()));
        }
      }
      child.destroyForcibly(); // SIGKILL, mid-stream
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(acked).hasSize(80);

    Set<String> got = ConcurrentHashMap.newKeySet();
    try (Events events = FileEvents.create(dir)) {
      events.consume(topic, ConsumeOptions.defaults().withGroup(group), d -> got.add(new String(d.event().payload(), UTF_8)));
      await().atMost(Duration.ofSeconds(30)).until(() -> got.size() + acked.size() >= EVENTS);
      // Anything more would be a redelivery of an acknowledged event.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> got.size() + acked.size() == EVENTS);
    }
    Set<String> all = new HashSet<>(got);
    all.addAll(acked);
    assertThat(all).hasSize(EVENTS);
    assertThat(got).doesNotContainAnyElementsOf(acked);
  }
}
