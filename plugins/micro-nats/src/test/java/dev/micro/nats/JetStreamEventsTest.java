package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Events;
import dev.micro.events.Offset;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JetStream specifics beyond the events contract. Needs nats-server with JetStream at 127.0.0.1:4222. */
class JetStreamEventsTest {
  private static final String URL = "jetstream://127.0.0.1:4222";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static Connection admin;

  private final String prefix = "js" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> topics = new ArrayList<>();
  private final List<Events> opened = new ArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    admin = Nats.connect("nats://127.0.0.1:4222");
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    admin.close();
  }

  @AfterEach
  void cleanUp() {
    opened.forEach(Events::close);
    for (String t : topics) {
      try {
        admin.jetStreamManagement().deleteStream(JetStreamEvents.name(t));
      } catch (JetStreamApiException | IOException | IllegalArgumentException e) {
        // never made, or made and gone: nothing to clean
      }
    }
  }

  private Events events() {
    Events e = Micro.events(URL);
    opened.add(e);
    return e;
  }

  private String topic(String base) {
    String t = prefix + "-" + base;
    topics.add(t);
    return t;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void groupsWhoseNamesDifferOnlyInForbiddenCharactersEachGetEveryEvent() {
    Events events = events();
    String topic = topic("bill");
    for (int i = 0; i < 20; i++) {
      events.publish(topic, bytes("e" + i));
    }
    Set<String> dotted = ConcurrentHashMap.newKeySet();
    Set<String> underscored = ConcurrentHashMap.newKeySet();
    ConsumeOptions from = ConsumeOptions.defaults().withOffset(Offset.beginning());
    events.consume(topic, from.withGroup(prefix + "-bill.v2"), d -> dotted.add(new String(d.event().payload(), UTF_8)));
    events.consume(topic, from.withGroup(prefix + "-bill_v2"), d -> underscored.add(new String(d.event().payload(), UTF_8)));

    await().atMost(WAIT).until(() -> dotted.size() == 20 && underscored.size() == 20);
    assertThat(JetStreamEvents.name(prefix + "-bill.v2")).isNotEqualTo(JetStreamEvents.name(prefix + "-bill_v2"));
  }

  @Test
  void topicsWhoseNamesDifferOnlyInForbiddenCharactersAreSeparateStreams() {
    Events events = events();
    String dottedTopic = topic("a.x");
    String underscoredTopic = topic("a_x");
    Set<String> dotted = ConcurrentHashMap.newKeySet();
    Set<String> underscored = ConcurrentHashMap.newKeySet();
    events.consume(dottedTopic, ConsumeOptions.defaults(), d -> dotted.add(new String(d.event().payload(), UTF_8)));
    events.consume(underscoredTopic, ConsumeOptions.defaults(),
        d -> underscored.add(new String(d.event().payload(), UTF_8)));
    events.publish(dottedTopic, bytes("dotted"));
    events.publish(underscoredTopic, bytes("underscored"));

    await().atMost(WAIT).until(() -> !dotted.isEmpty() && !underscored.isEmpty());
    assertThat(dotted).containsExactly("dotted");
    assertThat(underscored).containsExactly("underscored");
  }

  @Test
  void aStreamOfTheTopicsNameThatHoldsOtherSubjectsIsAClearError() throws Exception {
    String topic = topic("taken");
    admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(topic).subjects(prefix + "-elsewhere")
        .storageType(StorageType.Memory).build());
    Events events = events();
    assertThatThrownBy(() -> events.publish(topic, bytes("x")))
        .isInstanceOf(MicroException.class)
        .hasMessageContaining("FAILED_PRECONDITION")
        .hasMessageContaining("stream " + topic + " ")
        .hasMessageContaining("[" + prefix + "-elsewhere]")
        .hasMessageContaining("topic " + topic);
    assertThatThrownBy(() -> events.consume(topic, ConsumeOptions.defaults(), d -> {}))
        .isInstanceOf(MicroException.class).hasMessageContaining("FAILED_PRECONDITION");
  }

  @Test
  void consumingAnExistingGroupWithOtherAckWaitAndRetryLimitUpdatesTheGroup() throws Exception {
    Events events = events();
    String topic = topic("settings");
    String group = prefix + "-settings";
    ConsumeOptions strict = ConsumeOptions.defaults().withGroup(group).withAckWait(Duration.ofSeconds(1)).withRetryLimit(1);
    events.consume(topic, strict, d -> {}).close();
    ConsumerConfiguration before = admin.jetStreamManagement()
        .getConsumerInfo(JetStreamEvents.name(topic), JetStreamEvents.name(group)).getConsumerConfiguration();
    assertThat(before.getAckWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(before.getMaxDeliver()).isEqualTo(2);

    events.consume(topic, ConsumeOptions.defaults().withGroup(group), d -> {}).close();

    ConsumerConfiguration after = admin.jetStreamManagement()
        .getConsumerInfo(JetStreamEvents.name(topic), JetStreamEvents.name(group)).getConsumerConfiguration();
    assertThat(after.getAckWait()).isEqualTo(ConsumeOptions.DEFAULT_ACK_WAIT);
    assertThat(after.getMaxDeliver()).isEqualTo(-1);
  }

  @Test
  void aLongerAckWaitWaitsWhileEventsAreDeliveredAndNotAcknowledged() throws Exception {
    Events events = events();
    String topic = topic("pending");
    String group = prefix + "-pending";
    events.publish(topic, bytes("unacked"));
    Set<String> got = ConcurrentHashMap.newKeySet();
    ConsumeOptions first = ConsumeOptions.defaults().withGroup(group).withOffset(Offset.beginning())
        .withAutoAck(false).withAckWait(Duration.ofMinutes(5)).withRetryLimit(1);
    var member = events.consume(topic, first, d -> got.add(new String(d.event().payload(), UTF_8)));
    await().atMost(WAIT).until(() -> got.contains("unacked"));
    member.close();

    events.consume(topic, ConsumeOptions.defaults().withGroup(group).withAckWait(Duration.ofMinutes(10)), d -> {}).close();

    ConsumerConfiguration after = admin.jetStreamManagement()
        .getConsumerInfo(JetStreamEvents.name(topic), JetStreamEvents.name(group)).getConsumerConfiguration();
    assertThat(after.getAckWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(after.getMaxDeliver()).isEqualTo(-1);
  }

  @Test
  void anEventOverTheServersMaxPayloadIsResourceExhaustedAndNothingElseIsLost() {
    Events events = events();
    String topic = topic("big");
    long max = admin.getServerInfo().getMaxPayload();
    Set<String> got = ConcurrentHashMap.newKeySet();
    events.consume(topic, ConsumeOptions.defaults(), d -> got.add(new String(d.event().payload(), UTF_8)));
    assertThatThrownBy(() -> events.publish(topic, new byte[(int) max]))
        .isInstanceOf(MicroException.class)
        .satisfies(e -> assertThat(((MicroException) e).status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .hasMessageContaining("micro.events")
        .hasMessageContaining("payload of " + max + " bytes")
        .hasMessageContaining("at most " + max + " bytes");
    events.publish(topic, bytes("after"));
    await().atMost(WAIT).until(() -> got.contains("after"));
    assertThat(got).containsExactly("after");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x.*", "x.>", "*", "a b", "a\tb", "a..b", ".a", "a."})
  void topicsThatAreNotNatsSubjectsAreRefusedUpFront(String bad) {
    Events events = events();
    topics.add(bad);
    assertThatThrownBy(() -> events.publish(bad, bytes("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("topic: '" + bad + "' (expected: ");
    assertThatThrownBy(() -> events.consume(bad, ConsumeOptions.defaults(), d -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("topic: '" + bad + "' (expected: ");
  }

  @Test
  void aStreamTheServerRefusesToMakeSaysWhy() throws Exception {
    String topic = topic("overlap.x");
    String other = prefix + "-overlap-other";
    topics.add(other);
    admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(other).subjects(prefix + "-overlap.>")
        .storageType(StorageType.Memory).build());
    Events events = events();
    assertThatThrownBy(() -> events.publish(topic, bytes("x")))
        .isInstanceOf(MicroException.class)
        .hasMessageContaining("FAILED_PRECONDITION")
        .hasMessageContaining("overlap")
        .hasMessageNotContaining("[10059]");
  }

  @Test
  void validNamesStayAsTheyAreAndOthersGetASuffixOfTheirOwn() {
    assertThat(JetStreamEvents.name("orders-created_1")).isEqualTo("orders-created_1");
    assertThat(JetStreamEvents.name("orders.created")).matches("orders_created_[0-9a-f]{8}");
    assertThat(JetStreamEvents.name("orders.created")).isEqualTo(JetStreamEvents.name("orders.created"));
    assertThat(JetStreamEvents.name("orders.created")).isNotEqualTo(JetStreamEvents.name("orders/created"));
  }
}
