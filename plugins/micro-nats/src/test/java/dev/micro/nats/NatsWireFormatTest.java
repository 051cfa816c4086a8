package dev.micro.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Metadata;
import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every wire form is read by every broker, whatever it writes; foreign payloads arrive whole. */
class NatsWireFormatTest {
  private static final String SERVER = "nats://127.0.0.1:4222";

  @ParameterizedTest
  @EnumSource(NatsWireFormat.class)
  void brokersReadEveryFormWhateverTheyWrite(NatsWireFormat written) {
    String topic = "forms-" + UUID.randomUUID();
    List<Message> got = new CopyOnWriteArrayList<>();
    Message sent = Message.of(Metadata.of("Tenant", "acme").with("Name", "\u00e9t\u00e9 \u4e2d"), new byte[] {0, 1, 2, 3});
    try (Broker publisher = Micro.broker(SERVER + "?format=" + written.name().toLowerCase(java.util.Locale.ROOT))) {
      for (NatsWireFormat reader : NatsWireFormat.values()) {
        Broker b = Micro.broker(SERVER + "?format=" + reader.name().toLowerCase(java.util.Locale.ROOT));
        b.subscribe(topic, d -> {
          got.add(d.message());
          b.close();
        });
      }
      publisher.publish(topic, sent);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == NatsWireFormat.values().length);
    }
    for (Message m : got) {
      assertThat(m.body()).containsExactly(0, 1, 2, 3);
      assertThat(m.headers().get("tenant")).contains("acme");
      assertThat(m.headers().get("Name")).contains("\u00e9t\u00e9 \u4e2d");
      assertThat(m.headers().get(Message.TOPIC_HEADER)).contains(topic);
      assertThat(m.id()).isEqualTo(got.get(0).id()).isNotBlank();
    }
  }

  @Test
  void plainNatsPayloadsArriveAsTheBodyEvenWhenTheyAreJson() throws Exception {
    String topic = "plain-" + UUID.randomUUID();
    List<Message> got = new CopyOnWriteArrayList<>();
    String deep = "{\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    byte[][] payloads = {"{\"id\":1}".getBytes(UTF_8), "hello".getBytes(UTF_8), {0, 0x4D, 0x42, 0x01, 9}, {},
        "{\"To\":\"a@b.c\",\"Body\":\"test\"}".getBytes(UTF_8), "{\"To\":\"x\",\"Body\":\"\"}".getBytes(UTF_8),
        deep.getBytes(UTF_8), "{\"id\":2}".getBytes(UTF_8)};
    try (Broker b = Micro.broker(SERVER); Connection raw = Nats.connect(SERVER)) {
      b.subscribe(topic, d -> got.add(d.message()));
      for (byte[] p : payloads) {
        raw.publish(topic, p);
      }
      raw.flush(Duration.ofSeconds(5));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == payloads.length);
    }
    for (int i = 0; i < payloads.length; i++) {
      assertThat(got.get(i).body()).as("payload %d", i).isEqualTo(payloads[i]);
    }
  }

  @Test
  void theBinaryFrameLeavesTheTopicToTheSubjectAndRefusesWhatItCannotRead() {
    Message m = Message.of(Metadata.of("Content-Type", "application/json"), "{}".getBytes(UTF_8)).addressedTo("orders");
    byte[] frame = BinaryFrame.encode("orders", m);

    assertThat(new String(frame, UTF_8)).doesNotContain("Micro-Topic").contains("Micro-Id");
    assertThat(BinaryFrame.decode("orders", frame)).isEqualTo(m);
    assertThat(BinaryFrame.decode("orders", BinaryFrame.encode("other", m)).headers().get(Message.TOPIC_HEADER))
        .contains("orders");
    for (int len = 0; len < frame.length - 2; len++) {
      byte[] cut = java.util.Arrays.copyOf(frame, len);
      Message back = BinaryFrame.decode("orders", cut);
      assertThat(back == null || back.body().length < m.body().length).as("cut at %d", len).isTrue();
    }
    byte[] hugeCount = {0, 0x4D, 0x42, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    assertThat(BinaryFrame.decode("t", hugeCount)).isNull();
  }

  @ParameterizedTest
  @EnumSource(NatsWireFormat.class)
  void aMessageOverTheServersMaxPayloadOrToABadSubjectIsAClearErrorAndNothingElseIsLost(NatsWireFormat format)
      throws Exception {
    String topic = "limits-" + UUID.randomUUID();
    List<String> got = new CopyOnWriteArrayList<>();
    try (Broker b = Micro.broker(SERVER + "?format=" + format.name().toLowerCase(java.util.Locale.ROOT));
        Connection raw = Nats.connect(SERVER)) {
      long max = raw.getServerInfo().getMaxPayload();
      b.subscribe(topic, d -> got.add(new String(d.message().body(), UTF_8)));
      assertThatThrownBy(() -> b.publish(topic, Message.of(new byte[(int) max])))
          .isInstanceOf(dev.micro.MicroException.class).hasMessageContaining("RESOURCE_EXHAUSTED")
          .hasMessageContaining("over the server's max_payload of " + max);
      assertThatThrownBy(() -> b.publish("has space", Message.of("x".getBytes(UTF_8))))
          .isInstanceOf(dev.micro.MicroException.class).hasMessageContaining("INVALID_ARGUMENT");
      b.publish(topic, Message.of("after".getBytes(UTF_8)));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("after"));
      assertThat(got).containsExactly("after");
    }
  }

  @Test
  void anUnknownFormatIsAClearError() {
    assertThatThrownBy(() -> Micro.broker(SERVER + "?format=xml"))
        .hasStackTraceContaining("format: 'xml' (expected: envelope, headers or binary)");
  }
}
