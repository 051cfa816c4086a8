package dev.micro.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import dev.micro.testing.EventsContract;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventsContractTest extends EventsContract {
  @TempDir Path dir;

  @Override
  protected Events newEvents() {
    return FileEvents.create(dir);
  }

  @Override
  protected java.util.Optional<Events> newEvents(java.time.Duration retention) {
    return java.util.Optional.of(Micro.events("file://" + dir + "?retention=" + retention.toMillis() + "ms"));
  }

  @Override
  protected java.util.Optional<String> processUrl() {
    return java.util.Optional.of("file://" + dir);
  }

  @Test
  void eventsPublishedByOneInstanceReachAGroupInAnother() {
    String topic = topic("across");
    events().publish(topic, "one".getBytes(UTF_8));
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (Events other = Micro.events("file://" + dir)) {
      other.consume(topic, ConsumeOptions.defaults().withGroup(group("g")).withOffset(Offset.beginning()),
          d -> got.add(new String(d.event().payload(), UTF_8)));
      events().publish(topic, "two".getBytes(UTF_8));
      await().atMost(WAIT).until(() -> got.size() >= 2);
    }
    assertThat(got).containsExactly("one", "two");
  }
}
