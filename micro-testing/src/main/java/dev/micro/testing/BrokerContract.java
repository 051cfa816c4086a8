package dev.micro.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Metadata;
import dev.micro.broker.Broker;
import dev.micro.broker.Delivery;
import dev.micro.broker.Handler;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link dev.micro.broker.Broker} must show, run by each implementation's
 * test:
 *
 * <pre>{@code
 * class NatsBrokerContractTest extends BrokerContract {
 *   protected Broker newBroker() { return NatsBroker.create(...); }
 *   protected boolean redelivers() { return false; }
 * }
 * }</pre>
 *
 * <p>Each test uses topic and queue names of its own, so a server shared between tests (and
 * between test runs) does not leak messages from one test into the next. Brokers made by
 * {@link #broker()} are closed after each test. Not thread-safe; JUnit makes one instance per
 * test.
 */
public abstract class BrokerContract {
  /** How long to wait for a message that should come. */
  protected static final Duration WAIT = Duration.ofSeconds(10);

  private final List<Broker> opened = new ArrayList<>();
  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

  /** A new broker; on a shared server, names unique per test keep tests apart. */
  protected abstract Broker newBroker();

  /** Whether a nacked message, or one whose handler threw, is delivered again. */
  protected boolean redelivers() {
    return true;
  }

  @AfterEach
  void closeBrokers() {
    opened.forEach(Broker::close);
    opened.clear();
  }

  /** A broker closed after the test. */
  protected final Broker broker() {
    Broker b = newBroker();
    opened.add(b);
    return b;
  }

  /** A topic or queue name unique to this test. */
  protected final String name(String base) {
    return prefix + "." + base;
  }

  private static Message text(String body) {
    return Message.of(body.getBytes(UTF_8));
  }

  private static String text(Delivery d) {
    return new String(d.message().body(), UTF_8);
  }

  private static Subscription collect(Broker b, String topic, Queue<String> into, SubscribeOptions o) {
    return b.subscribe(topic, d -> into.add(text(d)), o);
  }

  @Test
  void aPublishedMessageArrivesWithItsHeadersAndBinaryBodyIntact() {
    Broker b = broker();
    String topic = name("roundtrip");
    Queue<Delivery> got = new ConcurrentLinkedQueue<>();
    b.subscribe(topic, got::add);
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    Metadata headers = Metadata.of("Content-Type", "application/octet-stream").with("X-Trace-Id", "trace 1");

    b.publish(topic, Message.of(headers, body));

    await().atMost(WAIT).until(() -> !got.isEmpty());
    Delivery d = got.peek();
    assertThat(d.topic()).isEqualTo(topic);
    assertThat(d.message().body()).isEqualTo(body);
    assertThat(d.message().headers().asMap()).containsAllEntriesOf(headers.asMap());
    assertThat(d.message().headers().get(Message.TOPIC_HEADER)).contains(topic);
    assertThat(d.message().id()).isNotBlank();
    assertThat(d.redelivered()).isFalse();
  }

  @Test
  void subscribersWithoutAQueueEachGetEveryMessage() {
    Broker b = broker();
    String topic = name("fanout");
    Queue<String> first = new ConcurrentLinkedQueue<>();
    Queue<String> second = new ConcurrentLinkedQueue<>();
    collect(b, topic, first, SubscribeOptions.defaults());
    collect(b, topic, second, SubscribeOptions.defaults());

    for (int i = 0; i < 10; i++) {
      b.publish(topic, text("m" + i));
    }

    List<String> all = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(first).containsExactlyInAnyOrderElementsOf(all);
      assertThat(second).containsExactlyInAnyOrderElementsOf(all);
    });
  }

  @Test
  void subscribersInOneQueueSplitTheMessagesEachMessageOnce() {
    Broker b = broker();
    String topic = name("split");
    SubscribeOptions group = SubscribeOptions.defaults().withQueue(name("workers"));
    Queue<String> first = new ConcurrentLinkedQueue<>();
    Queue<String> second = new ConcurrentLinkedQueue<>();
    Subscription s1 = collect(b, topic, first, group);
    Subscription s2 = collect(b, topic, second, group);

    for (int i = 0; i < 100; i++) {
      b.publish(topic, text("m" + i));
    }

    await().atMost(WAIT).until(() -> first.size() + second.size() >= 100);
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).mapToObj(i -> "m" + i).toList());
    assertThat(first).isNotEmpty();
    assertThat(second).isNotEmpty();
    assertThat(s1.queue()).contains(name("workers"));
    assertThat(s1.delivered() + s2.delivered()).isEqualTo(100);
  }

  @Test
  void unsubscribeStopsDelivery() {
    Broker b = broker();
    String topic = name("unsub");
    Queue<String> leaving = new ConcurrentLinkedQueue<>();
    Queue<String> staying = new ConcurrentLinkedQueue<>();
    Subscription s = collect(b, topic, leaving, SubscribeOptions.defaults());
    collect(b, topic, staying, SubscribeOptions.defaults());
    b.publish(topic, text("before"));
    await().atMost(WAIT).until(() -> leaving.contains("before") && staying.contains("before"));

    s.unsubscribe();
    s.unsubscribe();
    b.publish(topic, text("after"));

    // The staying subscriber is the barrier: once it has "after", the leaving one would have too.
    await().atMost(WAIT).until(() -> staying.contains("after"));
    assertThat(leaving).containsExactly("before");
    assertThat(s.isActive()).isFalse();
  }

  @Test
  void aThrowingHandlerIsRedeliveredOrCountedAndTheSubscriptionKeepsWorking() {
    Broker b = broker();
    String topic = name("throws");
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    Queue<Boolean> redelivered = new ConcurrentLinkedQueue<>();
    Subscription s = b.subscribe(topic, d -> {
      String body = text(d);
      boolean first = !seen.contains(body);
      seen.add(body);
      redelivered.add(d.redelivered());
      if (body.equals("boom") && first) {
        throw new IllegalStateException("handler failure for the test");
      }
    });

    b.publish(topic, text("boom"));
    b.publish(topic, text("ok"));

    if (redelivers()) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactlyInAnyOrder("boom", "boom", "ok"));
      assertThat(redelivered).containsOnlyOnce(true);
      assertThat(s.delivered()).isEqualTo(3);
    } else {
      await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactly("boom", "ok"));
      assertThat(s.delivered()).isEqualTo(2);
    }
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.isActive()).isTrue();
  }

  @Test
  void aHandlerThatInterruptsItsThreadOrOverflowsItsStackDoesNotEndTheSubscription() {
    Broker b = broker();
    String topic = name("misbehaves");
    SubscribeOptions group = SubscribeOptions.defaults().withQueue(name("workers"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    Handler h = d -> {
      String body = text(d);
      if (seen.add(body)) {
        misbehave(body); // the first time only, so that brokers that redeliver get past it
      }
      handled.add(body);
    };
    Subscription s1 = b.subscribe(topic, h, group);
    Subscription s2 = b.subscribe(topic, h, group);

    for (String body : List.of("interrupt", "interrupted", "overflow")) {
      b.publish(topic, text(body));
    }
    List<String> after = IntStream.range(0, 40).mapToObj(i -> "m" + i).toList();
    after.forEach(body -> b.publish(topic, text(body)));

    await().atMost(WAIT).untilAsserted(() -> assertThat(handled).containsAll(after));
    assertThat(handled).contains("interrupt");
    assertThat(s1.failed() + s2.failed()).isEqualTo(2);
    assertThat(s1.isActive()).isTrue();
    assertThat(s2.isActive()).isTrue();
  }

  /** Leaves the delivery thread interrupted, throws InterruptedException, or recurses until the stack overflows. */
  private static void misbehave(String body) throws InterruptedException {
    switch (body) {
      case "interrupt" -> Thread.currentThread().interrupt();
      case "interrupted" -> throw new InterruptedException("handler interrupted for the test");
      case "overflow" -> recurse(0);
      default -> { }
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  @Test
  void inManualAckModeANackedMessageIsRedeliveredWhereSupported() {
    Broker b = broker();
    String topic = name("manual");
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    Subscription s = b.subscribe(topic, d -> {
      String body = text(d);
      boolean first = !seen.contains(body);
      seen.add(body);
      if (body.equals("reject") && first) {
        d.nack();
        d.ack(); // settling twice: the first call wins
      } else {
        d.ack();
      }
    }, SubscribeOptions.defaults().withAutoAck(false));

    b.publish(topic, text("reject"));
    b.publish(topic, text("accept"));

    if (redelivers()) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactlyInAnyOrder("reject", "reject", "accept"));
    } else {
      await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactly("reject", "accept"));
    }
    assertThat(s.failed()).isEqualTo(1);
  }

  /**
   * The ordering guarantee every broker gives: one publisher's messages on one topic reach a
   * single subscription (no queue group, no failures) in the order they were published.
   */
  @Test
  void oneSubscriberReceivesAThousandMessagesFromOnePublisherInPublishingOrder() {
    Broker b = broker();
    String topic = name("order");
    Queue<String> got = new ConcurrentLinkedQueue<>();
    collect(b, topic, got, SubscribeOptions.defaults());

    for (int i = 0; i < 1000; i++) {
      b.publish(topic, text(Integer.toString(i)));
    }

    await().atMost(WAIT).until(() -> got.size() >= 1000);
    assertThat(got).containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(Integer::toString).toList());
  }

  @Test
  void concurrentPublishersOnVirtualThreadsLoseNothing() throws Exception {
    Broker b = broker();
    String topic = name("concurrent");
    Queue<String> got = new ConcurrentLinkedQueue<>();
    collect(b, topic, got, SubscribeOptions.defaults());
    List<String> expected = new CopyOnWriteArrayList<>();

    List<Future<?>> publishers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int p = 0; p < 8; p++) {
        int publisher = p;
        publishers.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            String body = publisher + "-" + i;
            expected.add(body);
            b.publish(topic, text(body));
          }
          return null;
        }));
      }
      for (Future<?> f : publishers) {
        f.get(); // a publish that threw fails the test here
      }
    }

    await().atMost(WAIT).until(() -> got.size() >= 400);
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aClosedBrokerRefusesPublishAndSubscribeWithAClearError() {
    Broker b = broker();
    String topic = name("closed");
    Subscription s = b.subscribe(topic, d -> {});

    b.close();
    b.close();

    assertThatThrownBy(() -> b.publish(topic, text("late")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> b.subscribe(topic, d -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(s.isActive()).isFalse();
  }
}
