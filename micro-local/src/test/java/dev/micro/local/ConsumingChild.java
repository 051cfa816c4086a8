package dev.micro.local;

import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link FileEventsCrashTest}: consumes a topic in a group until killed,
 * acknowledging every event but each fifth, and reporting each acknowledgement once it returned.
 */
public final class ConsumingChild {
  private ConsumingChild() {}

  /** Arguments: the events directory, the topic, the group. */
  public static void main(String[] args) throws InterruptedException {
    Events events = FileEvents.create(Path.of(args[0]));
    events.consume(args[1], ConsumeOptions.defaults().withGroup(args[2]).withOffset(Offset.beginning())
        .withAutoAck(false).withAckWait(Duration.ofSeconds(1)), d -> {
          String body = new String(d.event().payload(), StandardCharsets.UTF_8);
          Thread.sleep(5); // work, so that the kill lands mid-stream
          if (Integer.parseInt(body.substring(1)) % 5 != 0) {
            d.ack();
            System.out.println("acked " + body);
          } else {
            System.out.println("skipped " + body);
          }
          System.out.flush();
        });
    Thread.sleep(Long.MAX_VALUE);
  }
}
