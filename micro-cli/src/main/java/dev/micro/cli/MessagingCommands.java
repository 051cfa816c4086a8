package dev.micro.cli;

import dev.micro.Metadata;
import dev.micro.Micro;
import dev.micro.Settings;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code micro publish}, {@code micro subscribe} and {@code micro events publish|consume}: the
 * broker and the event streams from the command line. Messages are UTF-8 text (JSON by
 * convention), printed one per line as they arrive: line breaks inside a payload are printed as
 * spaces (JSON stays the same JSON). With {@code --count n} the first n are acknowledged and any
 * that arrive before the command has let go are rejected, so that a queue or group keeps them.
 */
final class MessagingCommands {
  private MessagingCommands() {}

  static String brokerUrl(String given) {
    return given != null ? given : Settings.get("broker").orElse("http://");
  }

  static Metadata headers(List<String> pairs) {
    Metadata md = Metadata.of("Content-Type", "application/json");
    for (String h : pairs) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("header: '" + h + "' (expected: key:value)");
      }
      md = md.with(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return md;
  }

  /** A payload as one line of text: its line breaks become spaces. */
  static String oneLine(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replaceAll("\r\n|[\r\n]", " ");
  }

  static void checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count: " + count + " (expected: 0 for no limit, or more)");
    }
  }

  /** Waits for {@code count} deliveries, or forever (until Ctrl-C) when count is 0. */
  static void await(CountDownLatch latch, int count) throws InterruptedException {
    if (count > 0) {
      latch.await();
    } else {
      new CountDownLatch(1).await();
    }
  }

  @Command(name = "publish", description = "Publishes a message to a topic.")
  static final class Publish extends MicroCommand {
    @Parameters(index = "0", paramLabel = "TOPIC") String topic;
    @Parameters(index = "1", paramLabel = "JSON") String body;
    @Option(names = "--broker", paramLabel = "URL", description = "http://, nats://host:4222, amqp://... (default: MICRO_BROKER, else http://).") String broker;
    @Option(names = {"-H", "--header"}, paramLabel = "KEY:VALUE") List<String> header = new ArrayList<>();

    @Override
    int execute() {
      try (Broker b = Micro.broker(brokerUrl(broker))) {
        b.publish(topic, Message.of(headers(header), body.getBytes(StandardCharsets.UTF_8)));
      }
      return 0;
    }
  }

  @Command(name = "subscribe", description = "Prints messages of a topic as they arrive, one per line.")
  static final class Subscribe extends MicroCommand {
    @Parameters(paramLabel = "TOPIC") String topic;
    @Option(names = "--queue", paramLabel = "NAME", description = "Share the topic's messages with other subscribers of this queue.") String queue;
    @Option(names = "--broker", paramLabel = "URL") String broker;
    @Option(names = "--count", defaultValue = "0", description = "Exit after this many messages (default: run until stopped).") int count;

    @Override
    int execute() throws InterruptedException {
      checkCount(count);
      CountDownLatch received = new CountDownLatch(Math.max(count, 1));
      AtomicInteger seen = new AtomicInteger();
      try (Broker b = Micro.broker(brokerUrl(broker))) {
        SubscribeOptions o = SubscribeOptions.defaults().withAutoAck(false);
        if (queue != null) {
          o = o.withQueue(queue);
        }
        var subscription = b.subscribe(topic, d -> {
          if (count == 0 || seen.incrementAndGet() <= count) {
            out().println(oneLine(d.message().body()));
            out().flush();
            d.ack();
            received.countDown();
          } else {
            d.nack(); // past the count: back to the queue, where the broker keeps messages
          }
        }, o);
        await(received, count);
        subscription.unsubscribe();
      }
      return 0;
    }
  }

  @Command(name = "events", description = "Publishes to and consumes durable event streams.",
      subcommands = {Events.EventsPublish.class, Events.Consume.class})
  static final class Events implements Runnable {
    @Option(names = "--events", paramLabel = "URL", description = "file://, jetstream://host:4222, memory:// (default: MICRO_EVENTS, else file://).")
    String url;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: publish or consume");
    }

    dev.micro.events.Events open() {
      return Micro.events(url != null ? url : Settings.get("events").orElse("file://"));
    }

    @Command(name = "publish", description = "Appends an event to a topic's stream and prints its id.")
    static final class EventsPublish extends MicroCommand {
      @ParentCommand Events parent;
      @Parameters(index = "0", paramLabel = "TOPIC") String topic;
      @Parameters(index = "1", paramLabel = "JSON") String payload;

      @Override
      int execute() {
        try (dev.micro.events.Events e = parent.open()) {
          out().println(e.publish(topic, payload.getBytes(StandardCharsets.UTF_8), Metadata.of("Content-Type", "application/json")));
        }
        return 0;
      }
    }

    @Command(name = "consume", description = "Prints a topic's events as a consumer group receives them (id<TAB>payload), acking each.")
    static final class Consume extends MicroCommand {
      @ParentCommand Events parent;
      @Parameters(paramLabel = "TOPIC") String topic;
      @Option(names = "--group", paramLabel = "NAME", description = "Consumer group (default: a new one).") String group;
      @Option(names = "--from-beginning", description = "A new group starts at the first event, not the next one.") boolean fromBeginning;
      @Option(names = "--count", defaultValue = "0", description = "Exit after this many events (default: run until stopped).") int count;

      @Override
      int execute() throws InterruptedException {
        checkCount(count);
        CountDownLatch received = new CountDownLatch(Math.max(count, 1));
        AtomicInteger seen = new AtomicInteger();
        ConsumeOptions o = ConsumeOptions.defaults().withOffset(fromBeginning ? Offset.beginning() : Offset.newOnly());
        if (group != null) {
          o = o.withGroup(group);
        }
        try (dev.micro.events.Events e = parent.open();
            var consumer = e.consume(topic, o, d -> {
              if (count == 0 || seen.incrementAndGet() <= count) {
                out().println(d.event().id() + "\t" + oneLine(d.event().payload()));
                out().flush();
                received.countDown();
              } else {
                d.nack();
              }
            })) {
          await(received, count);
        }
        return 0;
      }
    }
  }
}
