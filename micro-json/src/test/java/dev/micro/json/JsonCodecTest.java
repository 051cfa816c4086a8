package dev.micro.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  record Address(String city, int zip) {}

  record Person(String name, int age, List<String> tags, Address address) {}

  record Event(Instant at, LocalDate day, Duration took, Optional<String> note) {}

  static final class FakeProto implements com.google.protobuf.Message {}

  private final JsonCodec codec = new JsonCodec();

  private Object roundTrip(Object value, Type type) {
    return codec.decode(codec.encode(value), type);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsSurviveARoundTrip() {
    Person p = new Person("Alice", 42, List.of("a", "b"), new Address("Paris", 75001));

    assertThat(roundTrip(p, Person.class)).isEqualTo(p);
  }

  @Test
  void genericListsAndMapsSurviveARoundTrip() {
    Type listType = new TypeReference<List<Address>>() {}.getType();
    Type mapType = new TypeReference<Map<String, Address>>() {}.getType();
    List<Address> list = List.of(new Address("Oslo", 1), new Address("Rome", 2));
    Map<String, Address> map = Map.of("home", new Address("Lima", 3));

    assertThat(roundTrip(list, listType)).isEqualTo(list);
    assertThat(roundTrip(map, mapType)).isEqualTo(map);
  }

  @Test
  void javaTimeValuesTravelAsIsoStrings() {
    Event e = new Event(Instant.parse("2026-01-02T03:04:05Z"), LocalDate.of(2026, 1, 2), Duration.ofSeconds(90), Optional.of("ok"));

    String json = new String(codec.encode(e), StandardCharsets.UTF_8);

    assertThat(json).contains("\"2026-01-02T03:04:05Z\"", "\"2026-01-02\"", "\"PT1M30S\"", "\"ok\"");
    assertThat(codec.decode(utf8(json), Event.class)).isEqualTo(e);
  }

  @Test
  void unknownPropertiesAreIgnored() {
    Object p = codec.decode(utf8("{\"name\":\"Bob\",\"age\":3,\"shoeSize\":44}"), Person.class);

    assertThat(p).isEqualTo(new Person("Bob", 3, null, null));
  }

  @Test
  void anEmptyBodyDecodesAsAnEmptyMessage() {
    assertThat(codec.decode(new byte[0], Person.class)).isEqualTo(new Person(null, 0, null, null));
    assertThat(codec.decode(utf8(" \n"), new TypeReference<List<String>>() {}.getType())).isEqualTo(List.of());
    assertThat(codec.decode(new byte[0], String.class)).isNull();
  }

  @Test
  void malformedJsonIsAnInvalidArgumentSayingWhereItBroke() {
    assertThatThrownBy(() -> codec.decode(utf8("{\"name\":}"), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).startsWith("Unexpected character ('}'").contains("line 1, column 9").doesNotContain("Source");
        });
  }

  @Test
  void contentAfterTheValueIsAnInvalidArgument() {
    assertThatThrownBy(() -> codec.decode(utf8("{\"name\":\"x\"}garbage"), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> codec.decode(utf8("{\"name\":\"x\"} {\"name\":\"y\"}"), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(((Person) codec.decode(utf8(" {\"name\":\"x\"}\n"), Person.class)).name()).isEqualTo("x");
  }

  @Test
  void truncatedJsonIsAnInvalidArgumentWithoutSourceNoise() {
    assertThatThrownBy(() -> codec.decode(utf8("{\"name\":\"x\""), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).contains("end-of-input").doesNotContain("Source").doesNotContain("REDACTED");
        });
  }

  @Test
  void aValueOfTheWrongTypeIsAnInvalidArgumentNamingTheField() {
    assertThatThrownBy(() -> codec.decode(utf8("{\"name\":\"x\",\"address\":{\"zip\":\"abc\"}}"), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).contains("`int`", "\"abc\"", "$.address.zip").doesNotContain("Source");
        });
  }

  @Test
  void anArrayWhereAnObjectIsExpectedIsAnInvalidArgument() {
    assertThatThrownBy(() -> codec.decode(utf8("[1,2]"), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void protobufMessagesAreLeftToTheProtobufCodec() {
    assertThat(codec.supports(FakeProto.class)).isFalse();
    assertThat(codec.supports(Person.class)).isTrue();
    assertThat(codec.supports(new TypeReference<List<FakeProto>>() {}.getType())).isTrue();
    assertThat(codec.supports(String.class)).isTrue();
  }

  @Test
  void itIsFoundByContentTypeAndAliases() {
    Codecs codecs = Codecs.load();

    for (String type : List.of("application/json", "application/grpc+json", "text/json", "application/json; charset=utf-8")) {
      Codec c = codecs.forType(type, Person.class);
      assertThat(c).isInstanceOf(JsonCodec.class);
    }
    assertThat(codec.priority()).isZero();
  }
}
