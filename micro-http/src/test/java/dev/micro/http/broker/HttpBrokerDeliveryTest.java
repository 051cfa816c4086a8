package dev.micro.http.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.micro.MicroException;
import dev.micro.Metadata;
import dev.micro.Status;
import dev.micro.broker.JsonEnvelope;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens to a publish on the way to its subscribers (the size limit, subscribers that
 * refuse or are gone, retries), and to subscriptions ending while the registry is being written.
 * Every subscriber is a real listener on 127.0.0.1.
 */
class HttpBrokerDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HookedRegistry registry = new HookedRegistry();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    registry.close();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWithResourceExhaustedAndNothingIsSent() {
    Queue<String> got = new ConcurrentLinkedQueue<>();
    broker().subscribe("big", d -> got.add(d.message().body().length + " bytes"));
    HttpBroker publisher = broker();

    byte[] body = new byte[3 * 1024 * 1024 + 512 * 1024];
    assertThatThrownBy(() -> publisher.publish("big", Message.of(body)))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .hasMessageContaining("a body of 3670016 bytes")
        .hasMessageContaining("limit of 4194304 bytes");
    publisher.publish("big", Message.of(new byte[1]));

    // The small one is the barrier: had the big one been sent, it would have arrived first.
    await().atMost(WAIT).until(() -> got.contains("1 bytes"));
    assertThat(got).containsExactly("1 bytes");
    assertThat(publisher.pendingRetries()).isZero();
  }

  @Test
  void aMessageWhoseEnvelopeFitsTheLimitArrivesAndOneBase64QuantumMoreIsRefused() {
    Queue<byte[]> got = new ConcurrentLinkedQueue<>();
    broker().subscribe("edge", d -> got.add(d.message().body()));
    HttpBroker publisher = broker();
    Metadata headers = Metadata.of(Message.ID_HEADER, "edge-1", Message.TOPIC_HEADER, "edge");
    int overhead = JsonEnvelope.encode(Message.of(headers, new byte[0])).length;
    int fits = (HttpBroker.MAX_BYTES - overhead) / 4 * 3;
    byte[] body = new byte[fits];
    body[fits - 1] = 42;
    assertThat(JsonEnvelope.encode(Message.of(headers, body)).length)
        .isLessThanOrEqualTo(HttpBroker.MAX_BYTES).isGreaterThan(HttpBroker.MAX_BYTES - 4);

    assertThatThrownBy(() -> publisher.publish("edge", Message.of(headers, new byte[fits + 1])))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    publisher.publish("edge", Message.of(headers, body));

    await().atMost(WAIT).until(() -> !got.isEmpty());
    assertThat(got).singleElement().isEqualTo(body);
    assertThat(publisher.pendingRetries()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 413})
  void aSubscriberThatRefusesAMessageIsLoggedAndNotRetried(int code) throws IOException {
    Peer peer = peer(n -> code, "message larger than 1024 bytes");
    Node node = peer.register("small", HttpBroker.BROADCAST);
    HttpBroker publisher = broker();

    try (LogCapture log = LogCapture.of(Deliveries.class)) {
      publisher.publish("small", Message.of(Metadata.of(Message.ID_HEADER, "too-big-1"), new byte[2048]));

      assertThat(log.warnings()).singleElement().asString()
          .contains(node.id(), node.address(), "too-big-1", "HTTP " + code, "message larger than 1024 bytes", "not retrying");
    }
    assertThat(publisher.pendingRetries()).isZero();
    publisher.publish("small", Message.of(new byte[1])); // would carry a retry of the first along
    assertThat(peer.requests()).hasValue(2);
  }

  @Test
  void aQueueMemberThatIsGoneIsPassedOverAndTheLiveMemberGetsEveryMessage() throws IOException {
    SubscribeOptions workers = SubscribeOptions.defaults().withQueue("workers");
    Queue<String> got = new ConcurrentLinkedQueue<>();
    broker().subscribe("jobs", d -> got.add(new String(d.message().body(), UTF_8)), workers);
    registerStaleMembers("jobs", "workers");
    HttpBroker publisher = broker();

    List<String> sent = IntStream.range(0, 30).mapToObj(i -> "job" + i).toList();
    sent.forEach(s -> publisher.publish("jobs", Message.of(s.getBytes(UTF_8))));

    await().atMost(WAIT).until(() -> got.size() >= sent.size());
    assertThat(got).containsExactlyElementsOf(sent);
    assertThat(publisher.pendingRetries()).isZero();
  }

  @Test
  void aQueueWithNoLiveMemberKeepsTheMessageForAMemberThatComesLater() throws IOException {
    registerStaleMembers("jobs", "workers");
    HttpBroker publisher = broker();
    publisher.publish("jobs", Message.of("early".getBytes(UTF_8)));
    assertThat(publisher.pendingRetries()).isEqualTo(1);

    Queue<String> got = new ConcurrentLinkedQueue<>();
    broker().subscribe("jobs", d -> got.add(new String(d.message().body(), UTF_8)),
        SubscribeOptions.defaults().withQueue("workers"));
    publisher.publish("jobs", Message.of("late".getBytes(UTF_8)));

    await().atMost(WAIT).until(() -> got.size() >= 2);
    assertThat(got).containsExactly("early", "late");
    assertThat(publisher.pendingRetries()).isZero();
  }

  @Test
  void aRetryForAnotherTopicIsSentWithTheSameLookup() throws IOException {
    Peer flaky = peer(n -> n == 1 ? 503 : 200, "subscriber busy");
    flaky.register("a", HttpBroker.BROADCAST);
    Queue<String> got = new ConcurrentLinkedQueue<>();
    broker().subscribe("b", d -> got.add(new String(d.message().body(), UTF_8)));
    HttpBroker publisher = broker();
    publisher.publish("a", Message.of(Metadata.of(Message.ID_HEADER, "a-1"), "for a".getBytes(UTF_8)));
    assertThat(publisher.pendingRetries()).isEqualTo(1);

    // The publish's own lookup works; any further lookup in the same publish fails.
    registry.beforeNextGetService(() -> registry.beforeNextGetService(() -> {
      throw new IllegalStateException("registry unreachable for the test");
    }));
    publisher.publish("b", Message.of("for b".getBytes(UTF_8)));

    registry.beforeNextGetService(null);

    assertThat(flaky.messageIds()).containsExactly("a-1", "a-1");
    assertThat(publisher.pendingRetries()).isZero();
    await().atMost(WAIT).until(() -> got.contains("for b"));
  }

  @Test
  void aRenewalUnderWayDoesNotBringBackASubscriptionUnsubscribedMeanwhile() throws InterruptedException {
    HttpBroker broker = broker();
    Subscription s = broker.subscribe("renewed", d -> {});
    assertThat(registry.getService(HttpBroker.SERVICE)).isNotEmpty();
    Thread[] unsubscriber = new Thread[1];
    registry.beforeNextRegister(r -> {
      // The renewal has read the subscription and is writing it back: unsubscribe now.
      unsubscriber[0] = Thread.ofPlatform().start(s::unsubscribe);
      await().atMost(WAIT).until(() -> unsubscriber[0].getState() == Thread.State.TERMINATED
          || unsubscriber[0].getState() == Thread.State.WAITING);
    });

    broker.renew();
    unsubscriber[0].join(WAIT);

    assertThat(unsubscriber[0].isAlive()).isFalse();
    assertThat(s.isActive()).isFalse();
    assertThat(registry.getService(HttpBroker.SERVICE)).as("registered subscribers").isEmpty();
  }

  @Test
  void aSubscribeThatLosesTheRaceWithCloseLeavesNothingRegistered() {
    HttpBroker broker = broker();
    broker.subscribe("first", d -> {});
    registry.beforeNextRegister(r -> broker.close());

    assertThatThrownBy(() -> broker.subscribe("second", d -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");

    assertThat(registry.getService(HttpBroker.SERVICE)).as("registered subscribers").isEmpty();
  }

  /** Lists, in queue {@code group} of {@code topic}, a member that answers 404 and one whose port is closed. */
  private void registerStaleMembers(String topic, String group) throws IOException {
    HttpBroker gone = broker();
    Subscription ended = gone.subscribe(topic, d -> {}, SubscribeOptions.defaults().withQueue(group));
    ServiceRecord record = ((HttpSubscription) ended).record();
    ended.unsubscribe(); // its listener stays up, and answers 404 for it
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Node listed = record.nodes().getFirst();
    Node dead = new Node(topic + "-go.micro.http.broker-dead", "127.0.0.1:" + closedPort, listed.metadata());
    registry.register(record.withNodes(List.of(listed, dead)), HttpBroker.TTL);
    assertThat(registry.getService(HttpBroker.SERVICE)).filteredOn(r -> r.version().equals(group))
        .flatMap(ServiceRecord::nodes).extracting(Node::id).contains(listed.id(), dead.id());
  }

  private HttpBroker broker() {
    HttpBroker b = HttpBroker.create(registry, "127.0.0.1:0");
    closing.add(b);
    return b;
  }

  private Peer peer(java.util.function.IntUnaryOperator codeForRequest, String reason) throws IOException {
    Peer p = new Peer(codeForRequest, reason);
    closing.add(p);
    return p;
  }

  /**
   * A go-micro HTTP broker subscriber of its own: a listener answering its {@code n}th delivery
   * with {@code codeForRequest(n)}, and with {@code reason} as the text of any error.
   */
  private final class Peer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<String> messageIds = new ConcurrentLinkedQueue<>();

    Peer(java.util.function.IntUnaryOperator codeForRequest, String reason) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", ex -> {
        try (ex) {
          byte[] body = ex.getRequestBody().readAllBytes();
          int code = codeForRequest.applyAsInt(requests.incrementAndGet());
          messageIds.add(JsonEnvelope.decode(body).id());
          byte[] text = code / 100 == 2 ? new byte[0] : reason.getBytes(UTF_8);
          ex.sendResponseHeaders(code, text.length == 0 ? -1 : text.length);
          ex.getResponseBody().write(text);
        }
      });
      server.start();
    }

    /** Lists this peer as a subscriber of {@code topic} in {@code version} (a queue, or broadcast). */
    Node register(String topic, String version) {
      Node n = new Node(topic + "-go.micro.http.broker-peer", "127.0.0.1:" + server.getAddress().getPort(),
          Map.of("broker", "http", "topic", topic, "secure", "false"));
      registry.register(new ServiceRecord(HttpBroker.SERVICE, version, Map.of(), List.of(), List.of(n)), HttpBroker.TTL);
      return n;
    }

    AtomicInteger requests() {
      return requests;
    }

    Queue<String> messageIds() {
      return messageIds;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Collects what one class logs through {@link System.Logger}, which goes to java.util.logging here. */
  private static final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();

    private LogCapture(Logger logger) {
      this.logger = logger;
    }

    static LogCapture of(Class<?> c) {
      LogCapture capture = new LogCapture(Logger.getLogger(c.getName()));
      capture.logger.addHandler(capture);
      return capture;
    }

    List<String> warnings() {
      return records.stream().filter(r -> r.getLevel() == Level.WARNING)
          .map(r -> r.getParameters() == null ? r.getMessage()
              : java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
          .toList();
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
