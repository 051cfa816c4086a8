package dev.micro.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Metadata;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTest {
  @Test
  void jsonIsGoMicrosEventShapeAndReadsBack() {
    Event e = new Event("id-1", "orders", Instant.parse("2026-01-02T03:04:05.123456789Z"),
        Metadata.of("Content-Type", "application/json"), "{\"n\":1}".getBytes(UTF_8));
    String json = e.toJson();
    assertThat(json).isEqualTo("{\"ID\":\"id-1\",\"Topic\":\"orders\",\"Timestamp\":\"2026-01-02T03:04:05.123456789Z\","
        + "\"Metadata\":{\"Content-Type\":\"application/json\"},\"Payload\":\"eyJuIjoxfQ==\"}");
    assertThat(Event.fromJson(json)).isEqualTo(e);
  }

  @Test
  void readsGoTimestampsWithAnOffset() {
    Event e = Event.fromJson("{\"ID\":\"x\",\"Topic\":\"t\",\"Timestamp\":\"2026-01-02T04:04:05.5+01:00\","
        + "\"Metadata\":null,\"Payload\":\"\"}");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
    assertThat(e.metadata().isEmpty()).isTrue();
    assertThat(e.payload()).isEmpty();
  }

  @Test
  void rejectsWhatIsNotAnEvent() {
    assertThatThrownBy(() -> Event.fromJson("{\"Timestamp\":\"yesterday\"}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionsValidateAndDefault() {
    ConsumeOptions o = ConsumeOptions.defaults();
    assertThat(o.group()).isEmpty();
    assertThat(o.offset()).isEqualTo(Offset.newOnly());
    assertThat(o.autoAck()).isTrue();
    assertThat(o.maxDeliveries()).isEqualTo(Integer.MAX_VALUE);
    assertThat(o.withRetryLimit(0).maxDeliveries()).isEqualTo(1);
    assertThatThrownBy(() -> o.withRetryLimit(-1)).hasMessageContaining("retryLimit: -1");
    assertThatThrownBy(() -> o.withGroup(" ")).hasMessageContaining("group");
  }
}
