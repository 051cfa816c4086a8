package dev.micro.http.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.SubscribeOptions;
import java.util.concurrent.CountDownLatch;

/**
 * A subscriber in a process of its own: {@code <registry url> <topic> <count>}. Prints
 * {@code ready} once subscribed, {@code got <header> <body>} for each message, and exits after
 * {@code count} messages.
 */
public final class SubscriberProcess {
  private SubscriberProcess() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[2]);
    CountDownLatch done = new CountDownLatch(count);
    try (Broker broker = HttpBroker.create(Micro.registry(args[0]), true, "127.0.0.1:0")) {
      broker.subscribe(args[1], d -> {
        System.out.println("got " + d.message().headers().get("X-From").orElse("-") + " "
            + new String(d.message().body(), UTF_8));
        System.out.flush();
        done.countDown();
      }, SubscribeOptions.defaults());
      System.out.println("ready");
      System.out.flush();
      done.await();
    }
  }
}
