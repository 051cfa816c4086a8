package dev.micro.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.protobuf.sample.Address;
import dev.micro.protobuf.sample.Person;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufJsonCodecTest {
  private final ProtobufJsonCodec codec = new ProtobufJsonCodec();

  @Test
  void printsLowerCamelCaseCompactAndOmitsDefaults() {
    Person p = Person.newBuilder().setFullName("Ada")
        .setAddress(Address.newBuilder().setStreetName("Main")).build();

    String json = new String(codec.encode(p), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"fullName\":\"Ada\",\"address\":{\"streetName\":\"Main\"}}");
  }

  @Test
  void readsBothFieldNameStylesAndIgnoresUnknownFields() {
    String json = "{\"full_name\":\"Ada\",\"age\":36,\"unknown\":{\"x\":1},\"tags\":[\"a\"]}";

    Person p = (Person) codec.decode(json.getBytes(StandardCharsets.UTF_8), Person.class);

    assertThat(p.getFullName()).isEqualTo("Ada");
    assertThat(p.getAge()).isEqualTo(36);
    assertThat(p.getTagsList()).containsExactly("a");
  }

  @Test
  void malformedJsonIsAnInvalidArgumentNamingTheProblem() {
    assertThatThrownBy(() -> codec.decode("{\"age\":\"old\"}".getBytes(StandardCharsets.UTF_8), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).contains("Person").contains("old");
        });
    assertThatThrownBy(() -> codec.decode("{\"age\":".getBytes(StandardCharsets.UTF_8), Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void winsOverAGeneralJsonCodecForMessagesOnly() {
    assertThat(codec.priority()).isGreaterThan(0);
    assertThat(codec.supports(Person.class)).isTrue();
    assertThat(codec.supports(java.util.Map.class)).isFalse();
    assertThat(codec.aliases()).contains("application/grpc+json");
  }
}
