package dev.micro.local;

import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link FileEventsTest}: consumes a topic in a random group, without
 * acknowledging, and prints {@code consuming <group>} once it holds an event, then waits to be
 * killed.
 */
public final class RandomGroupChild {
  private RandomGroupChild() {}

  /** Arguments: the events directory, the topic. */
  public static void main(String[] args) throws InterruptedException {
    Events events = FileEvents.create(Path.of(args[0]));
    events.consume(args[1], ConsumeOptions.defaults().withOffset(dev.micro.events.Offset.beginning())
        .withAutoAck(false), d -> {
          System.out.println("consuming " + d.event().id());
          System.out.flush();
        });
    Thread.sleep(Long.MAX_VALUE);
  }
}
