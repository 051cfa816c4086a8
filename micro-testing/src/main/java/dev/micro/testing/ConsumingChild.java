package dev.micro.testing;

import dev.micro.Micro;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A process for {@link EventsContract}'s crash test: opens {@code Micro.events(url)} and consumes
 * a topic in a group from the beginning until it is killed, acknowledging every event but each
 * fifth (bodies {@code e<n>}), and printing {@code acked e<n>} once an acknowledgement returned.
 *
 * <pre>java -cp ... dev.micro.testing.ConsumingChild URL TOPIC GROUP</pre>
 */
public final class ConsumingChild {
  private ConsumingChild() {}

  public static void main(String[] args) throws InterruptedException {
    Events events = Micro.events(args[0]);
    events.consume(args[1], ConsumeOptions.defaults().withGroup(args[2]).withOffset(Offset.beginning())
        .withAutoAck(false).withAckWait(Duration.ofSeconds(1)), d -> {
          String body = new String(d.event().payload(), StandardCharsets.UTF_8);
          Thread.sleep(5); // a little work per event, so that the kill lands mid-stream
          if (Integer.parseInt(body.substring(1)) % 5 != 0) {
            d.ack();
            System.out.println("acked " + body);
          } else {
            System.out.println("skipped " + body);
          }
          System.out.flush();
        });
    Thread.sleep(Long.MAX_VALUE); // consumes until killed
  }
}
