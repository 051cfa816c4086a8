package dev.micro.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishing to RabbitMQ through Micro's broker against the raw amqp-client doing the same, into
 * a durable queue-group queue that a plain consumer drains: transient messages as go-micro sends
 * them, and persistent messages that each publish waits to see confirmed. The raw side gives each
 * publishing thread a channel of its own (the strongest plain use); confirmed, each thread waits
 * for its own confirm ({@code waitForConfirmsOrDie}), as a publish that returns only once the
 * server has the message must. 1 KiB bodies; 1 and 16 virtual-thread publishers; interleaved
 * rounds, median.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.micro.bench.AmqpBenchmarks [--seconds 3]
 * </pre>
 */
public final class AmqpBenchmarks {
  private static final byte[] BODY = new byte[1024];
  private static final int ROUNDS = 3;

  private AmqpBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(Benchmarks.intArg(args, "--seconds", 3));
    Duration warmup = Duration.ofSeconds(Benchmarks.intArg(args, "--warmup", 2));
    System.out.printf("Publish to RabbitMQ at 127.0.0.1:5672, %d-byte bodies; Micro's broker vs raw amqp-client; "
        + "%d interleaved rounds of %d s, median%n%n", BODY.length, ROUNDS, measure.toSeconds());
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    String topic = "bench." + UUID.randomUUID();
    String group = "bench-" + UUID.randomUUID();
    try (Connection raw = f.newConnection("bench-raw"); Connection drain = f.newConnection("bench-drain")) {
      Channel d = drain.createChannel();
      d.exchangeDeclare("micro", "topic", true);
      d.queueDeclare(group, true, false, false, Map.of("x-dead-letter-exchange", "micro.dlx"));
      d.queueBind(group, "micro", topic);
      d.basicConsume(group, true, (tag, delivery) -> {}, tag -> {});
      for (int concurrency : new int[] {1, 16}) {
        compare("transient, " + concurrency + " publisher" + (concurrency > 1 ? "s" : ""), concurrency, warmup, measure,
            raw, topic, false, "");
        compare("persistent + confirm, " + concurrency + " publisher" + (concurrency > 1 ? "s" : ""), concurrency,
            warmup, measure, raw, topic, true, "?persistent=true&confirm=true");
      }
      d.queueDelete(group);
    }
  }

  private static void compare(String what, int concurrency, Duration warmup, Duration measure, Connection raw,
      String topic, boolean confirmed, String params) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(confirmed ? 2 : 1)
        .headers(Map.of("Micro-Topic", topic)).build();
    // A channel per publishing thread, made on its first publish.
    ThreadLocal<Channel> channels = ThreadLocal.withInitial(() -> {
      try {
        Channel ch = raw.createChannel();
        if (confirmed) {
          ch.confirmSelect();
        }
        return ch;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Load.Call rawCall = () -> {
      Channel ch = channels.get();
      ch.basicPublish("micro", topic, props, BODY);
      if (confirmed) {
        ch.waitForConfirmsOrDie(5_000);
      }
    };
    try (Broker broker = Micro.broker("amqp://guest:guest@127.0.0.1:5672" + params)) {
      Load.Call microCall = () -> broker.publish(topic, Message.of(BODY));
      Load.run("raw", concurrency, warmup, Duration.ZERO, rawCall);
      Load.run("micro", concurrency, warmup, Duration.ZERO, microCall);
      List<Load.Result> r = new ArrayList<>();
      List<Load.Result> m = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        r.add(Load.run("raw", concurrency, Duration.ZERO, measure, rawCall));
        m.add(Load.run("micro", concurrency, Duration.ZERO, measure, microCall));
      }
      Load.Result rm = Load.median(r);
      Load.Result mm = Load.median(m);
      System.out.printf("%-35s raw %,8.0f msg/s (p99 %6.0f us)   micro %,8.0f msg/s (p99 %6.0f us)   ratio %.2f   "
          + "errors %d/%d%n", what, rm.perSecond(), rm.p99Micros(), mm.perSecond(), mm.p99Micros(),
          mm.perSecond() / rm.perSecond(), rm.errors(), mm.errors());
    }
  }

}
