package dev.micro.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Metadata;
import org.junit.jupiter.api.Test;

class JsonEnvelopeTest {
  @Test
  void encodesGoMicrosFieldNamesAndBase64Body() {
    Message m = Message.of(Metadata.of("Micro-Topic", "orders").with("Content-Type", "application/json"),
        "{\"id\":1}".getBytes(UTF_8));

    String json = new String(JsonEnvelope.encode(m), UTF_8);

    assertThat(json).isEqualTo("{\"Header\":{\"Content-Type\":\"application/json\",\"Micro-Topic\":\"orders\"},"
        + "\"Body\":\"eyJpZCI6MX0=\"}");
  }

  @Test
  void decodesWhatAGoPublisherSends() {
    String go = "{\"Header\":{\"Content-Type\":\"application/json\",\"Micro-Id\":\"9f1c\",\"Micro-Topic\":\"orders\"},"
        + "\"Body\":\"eyJpZCI6MX0=\"}";

    Message m = JsonEnvelope.decode(go.getBytes(UTF_8));

    assertThat(m.id()).isEqualTo("9f1c");
    assertThat(m.headers().get("micro-topic")).contains("orders");
    assertThat(new String(m.body(), UTF_8)).isEqualTo("{\"id\":1}");
  }

  @Test
  void binaryBodiesAndOddHeadersRoundTrip() {
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    Message m = Message.of(Metadata.of("X-Quote", "a \"b\"\n\u00e9\u4e2d"), body);

    assertThat(JsonEnvelope.decode(JsonEnvelope.encode(m))).isEqualTo(m);
  }

  @Test
  void unescapedUtf8HeadersAndEmptyHeaderObjectsRoundTrip() {
    Message utf8 = Message.of(Metadata.of("Name", "\u00e9t\u00e9 \u4e2d\u6587").with("Empty", ""), new byte[] {1, 2, 3});
    Message bare = Message.of(new byte[] {4});

    assertThat(JsonEnvelope.decode(JsonEnvelope.encode(utf8))).isEqualTo(utf8);
    assertThat(new String(JsonEnvelope.encode(bare), UTF_8)).isEqualTo("{\"Header\":{},\"Body\":\"BA==\"}");
    assertThat(JsonEnvelope.decode(JsonEnvelope.encode(bare))).isEqualTo(bare);
  }

  @Test
  void truncatedEnvelopesAreRefusedNotMisread() {
    byte[] whole = JsonEnvelope.encode(Message.of(Metadata.of("Micro-Topic", "orders"), "{\"id\":1}".getBytes(UTF_8)));
    for (int len = 0; len < whole.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(whole, len);
      assertThatThrownBy(() -> JsonEnvelope.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void missingPartsReadAsEmptyAndGarbageIsRefused() {
    assertThat(JsonEnvelope.decode("{\"Header\":null,\"Body\":null}".getBytes(UTF_8)))
        .isEqualTo(Message.of(new byte[0]));
    assertThatThrownBy(() -> JsonEnvelope.decode("{\"Body\":\"not base64!\"}".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    assertThatThrownBy(() -> JsonEnvelope.decode("[1]".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressedToAddsTopicAndIdOnceOnly() {
    Message m = Message.of(new byte[] {1}).addressedTo("orders");

    assertThat(m.headers().get(Message.TOPIC_HEADER)).contains("orders");
    assertThat(m.id()).isNotBlank();
    assertThat(m.addressedTo("orders")).isSameAs(m);
  }

  @Test
  void bodiesOfEveryLengthAndAwkwardHeadersRoundTrip() {
    for (int len = 0; len < 70; len++) {
      byte[] body = new byte[len];
      for (int i = 0; i < len; i++) {
        body[i] = (byte) (i * 37);
      }
      Message m = Message.of(dev.micro.Metadata.of("Micro-Topic", "t").with("Tricky", ",\"Body\":\"x\"}"), body);
      Message back = JsonEnvelope.decode(JsonEnvelope.encode(m));
      org.assertj.core.api.Assertions.assertThat(back.body()).isEqualTo(body);
      org.assertj.core.api.Assertions.assertThat(back.headers().get("Tricky")).contains(",\"Body\":\"x\"}");
    }
  }

  @Test
  void goMicroFieldOrderAndSpacingStillDecode() {
    byte[] go = "{ \"Body\": \"aGk=\", \"Header\": {\"Micro-Topic\": \"t\"} }".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Message m = JsonEnvelope.decode(go);
    org.assertj.core.api.Assertions.assertThat(new String(m.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hi");
    org.assertj.core.api.Assertions.assertThat(m.headers().get("Micro-Topic")).contains("t");
  }

  @Test
  void plainJsonWithABodyFieldAmongOthersIsNotTakenForAnEnvelope() {
    for (String plain : new String[] {"{\"To\":\"a@b.c\",\"Body\":\"test\"}", "{\"To\":\"x\",\"Body\":\"\"}",
        "{\"Header\":\"subject\",\"Body\":\"aGk=\"}", "{\"Body\":{\"text\":\"hi\"}}", "{\"Body\":\"not base64!\"}"}) {
      assertThat(JsonEnvelope.decodeIfEnvelope(plain.getBytes(UTF_8))).as(plain).isEmpty();
    }
    assertThat(JsonEnvelope.decodeIfEnvelope("{\"Header\":null,\"Body\":\"aGk=\"}".getBytes(UTF_8)))
        .hasValueSatisfying(m -> assertThat(new String(m.body(), UTF_8)).isEqualTo("hi"));
    assertThat(JsonEnvelope.decodeIfEnvelope("{\"Body\":\"aGk=\"}".getBytes(UTF_8))).isPresent();
  }
}
