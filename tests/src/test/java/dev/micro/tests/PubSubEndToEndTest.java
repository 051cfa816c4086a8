package dev.micro.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Metadata;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.ServiceBuilder;
import dev.micro.Subscribe;
import dev.micro.broker.Delivery;
import dev.micro.broker.MemoryBroker;
import dev.micro.broker.Message;
import dev.micro.registry.Endpoint;
import dev.micro.registry.ServiceRecord;
import dev.micro.server.Subscriber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Services publishing and subscribing to each other's events on the memory, http (the default)
 * and nats ({@code 127.0.0.1:4222}) brokers, with a file registry in a temp dir.
 */
class PubSubEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(15);

  /** The event of these tests. */
  public record UserCreated(String id, String email) {}

  /** A subscriber object: its {@code created} method is endpoint {@code Welcomer.Created}. */
  public static final class Welcomer {
    final Queue<UserCreated> events = new ConcurrentLinkedQueue<>();
    final Queue<Metadata> headers = new ConcurrentLinkedQueue<>();

    @Subscribe(topic = "users.created")
    public void created(UserCreated event, Metadata md) {
      events.add(event);
      headers.add(md);
    }
  }

  /** Something for a publishing service to serve. */
  public static final class Ping {
    public String ping(String s) {
      return s;
    }
  }

  @TempDir Path registryDir;
  final MemoryBroker memory = new MemoryBroker();
  final List<Service> services = new ArrayList<>();

  @AfterEach
  void stopAll() {
    services.forEach(Service::stop);
    memory.close();
  }

  private ServiceBuilder service(String name, String broker) {
    ServiceBuilder b = Micro.service(name).registry(Fixtures.registryUrl(registryDir));
    return switch (broker) {
      case "memory" -> b.broker(memory);
      case "nats" -> b.broker("nats://127.0.0.1:4222");
      default -> b; // http://, the default
    };
  }

  private Service start(ServiceBuilder b) {
    Service s = b.start();
    services.add(s);
    return s;
  }

  private Service publisher(String broker) {
    return start(service("users", broker).handle(new Ping()));
  }

  private static String topic(String base) {
    return base + "." + UUID.randomUUID();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "http", "nats"})
  void aPublishedEventReachesTheSubscribingServiceWithItsHeaders(String broker) {
    Welcomer welcomer = new Welcomer();
    start(service("mailer", broker).subscribe(welcomer));
    Service users = publisher(broker);

    users.publish("users.created", new UserCreated("u1", "alice@example.com"), Metadata.of("X-Request-Id", "r1"));

    await().atMost(WAIT).until(() -> !welcomer.events.isEmpty());
    assertThat(welcomer.events).containsExactly(new UserCreated("u1", "alice@example.com"));
    Metadata md = welcomer.headers.peek();
    assertThat(md.get("X-Request-Id")).contains("r1");
    assertThat(md.get(Message.TOPIC_HEADER)).contains("users.created");
    assertThat(md.get(Message.ID_HEADER)).isPresent();
    assertThat(md.get(Message.CONTENT_TYPE_HEADER)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "http", "nats"})
  void twoInstancesOfASubscriberServiceSplitTheMessagesEachMessageOnce(String broker) {
    String topic = topic("orders");
    Queue<String> first = new ConcurrentLinkedQueue<>();
    Queue<String> second = new ConcurrentLinkedQueue<>();
    start(service("billing", broker).subscribe(topic, UserCreated.class, (e, md) -> first.add(e.id())));
    start(service("billing", broker).subscribe(topic, UserCreated.class, (e, md) -> second.add(e.id())));
    Service users = publisher(broker);

    List<String> ids = IntStream.range(0, 40).mapToObj(i -> "u" + i).toList();
    ids.forEach(id -> users.publish(topic, new UserCreated(id, id + "@example.com")));

    await().atMost(WAIT).until(() -> first.size() + second.size() >= ids.size());
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(first).isNotEmpty();
    assertThat(second).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "http", "nats"})
  void twoDifferentSubscriberServicesEachGetEveryMessage(String broker) {
    String topic = topic("signups");
    Queue<String> billing = new ConcurrentLinkedQueue<>();
    Queue<String> mailer = new ConcurrentLinkedQueue<>();
    start(service("billing", broker).subscribe(topic, UserCreated.class, (e, md) -> billing.add(e.id())));
    start(service("mailer", broker).subscribe(topic, UserCreated.class, (e, md) -> mailer.add(e.id())));
    Service users = publisher(broker);

    List<String> ids = IntStream.range(0, 10).mapToObj(i -> "u" + i).toList();
    ids.forEach(id -> users.publish(topic, new UserCreated(id, id + "@example.com")));

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(billing).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(mailer).containsExactlyInAnyOrderElementsOf(ids);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "http", "nats"})
  void aMalformedPayloadIsCountedAndNotHandedOnWhileLaterEventsStillArrive(String broker) {
    String topic = topic("profiles");
    Queue<UserCreated> got = new ConcurrentLinkedQueue<>();
    Service billing = start(service("billing", broker).subscribe(topic, UserCreated.class, (e, md) -> got.add(e)));
    Service users = publisher(broker);
    Queue<Delivery> dead = new ConcurrentLinkedQueue<>();
    users.broker().subscribe(topic + Subscriber.DEAD_LETTER_SUFFIX, dead::add);

    users.broker().publish(topic, Message.of("this is not json".getBytes(UTF_8)));
    users.publish(topic, new UserCreated("u1", "alice@example.com"));
    users.publish(topic, new UserCreated("u2", "bob@example.com"));

    await().atMost(WAIT).until(() -> got.size() >= 2);
    assertThat(got).extracting(UserCreated::id).containsExactly("u1", "u2");
    Subscriber sub = billing.subscribers().get(0);
    assertThat(sub.malformed()).isEqualTo(1);
    assertThat(sub.received()).isEqualTo(3);
    assertThat(sub.handled()).isEqualTo(2);
    assertThat(sub.failed()).isZero();
    assertThat(sub.dropped()).isZero();
    await().atMost(WAIT).until(() -> !dead.isEmpty());
    assertThat(new String(dead.peek().message().body(), UTF_8)).isEqualTo("this is not json");
    assertThat(dead.peek().message().headers().get(Subscriber.DEAD_LETTER_REASON)).hasValueSatisfying(
        r -> assertThat(r).contains("UserCreated"));
  }

  @Test
  void aSubscriberThatFallsBehindOnNatsCountsWhatTheBrokerDropped() throws Exception {
    String topic = topic("bursts");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Service slow = start(Micro.service("archiver").registry(Fixtures.registryUrl(registryDir))
        .broker("nats://127.0.0.1:4222?pendingMessages=5")
        .subscribe(topic, UserCreated.class, (e, md) -> release.await()));
    Service users = publisher("nats");

    for (int i = 0; i < 50; i++) {
      users.publish(topic, new UserCreated("u" + i, "u" + i + "@example.com"));
    }
    Subscriber sub = slow.subscribers().get(0);
    await().atMost(WAIT).until(() -> sub.dropped() >= 44);
    release.countDown();
    await().atMost(WAIT).untilAsserted(() -> assertThat(sub.received() + sub.dropped()).isEqualTo(50));
  }

  @Test
  void subscribersAppearAsEndpointsInTheRegistryRecordWithTopicMetadata() {
    String topic = topic("audit");
    Service mailer = start(service("mailer", "http").handle(new Welcomer())
        .subscribe(topic, UserCreated.class, (e, md) -> {}));

    List<ServiceRecord> records = mailer.registry().getService("mailer");

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.endpoints()).extracting(Endpoint::name).containsExactlyInAnyOrder("Welcomer.Created", topic);
      Endpoint created = r.endpoints().stream().filter(e -> e.name().equals("Welcomer.Created")).findFirst().orElseThrow();
      assertThat(created.metadata()).containsEntry("topic", "users.created").containsEntry("subscriber", "true");
      assertThat(created.requestShape()).hasValueSatisfying(v -> assertThat(v.type()).isEqualTo("UserCreated"));
      assertThat(r.nodes()).singleElement().satisfies(n -> assertThat(n.metadata()).containsEntry("broker", "http"));
    });
  }

  @Test
  void stoppingASubscriberServiceTakesItsSubscriptionsOutOfTheRegistry() {
    String topic = topic("leaving");
    Service billing = start(service("billing", "http").subscribe(topic, UserCreated.class, (e, md) -> {}));
    assertThat(billing.registry().getService("micro.http.broker")).isNotEmpty();

    billing.stop();

    Service users = publisher("http");
    assertThat(users.registry().getService("micro.http.broker")).isEmpty();
  }
}
