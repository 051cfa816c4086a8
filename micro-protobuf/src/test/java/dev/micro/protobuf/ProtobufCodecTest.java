package dev.micro.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import dev.micro.protobuf.sample.Address;
import dev.micro.protobuf.sample.Person;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufCodecTest {
  private final ProtobufCodec codec = new ProtobufCodec();
  private final Person person = Person.newBuilder()
      .setFullName("Ada").setAge(36).addTags("a").addTags("b")
      .setAddress(Address.newBuilder().setStreetName("Main"))
      .putScores("x", 7).build();

  @Test
  void roundTripsAMessage() {
    byte[] bytes = codec.encode(person);

    assertThat(codec.decode(bytes, Person.class)).isEqualTo(person);
  }

  @Test
  void supportsOnlyGeneratedMessages() {
    assertThat(codec.supports(Person.class)).isTrue();
    assertThat(codec.supports(String.class)).isFalse();
    assertThat(codec.supports(com.google.protobuf.Message.class)).isFalse();
    assertThat(codec.supports(byte[].class)).isFalse();
  }

  @Test
  void malformedBytesAreAnInvalidArgumentNamingTheProblem() {
    byte[] garbage = {(byte) 0x0a, (byte) 0xff, 0x01};

    assertThatThrownBy(() -> codec.decode(garbage, Person.class))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).contains("Person").contains("truncated");
        });
  }

  @Test
  void servesTheGrpcContentTypes() {
    Codecs codecs = Codecs.of(List.of(codec));

    for (String type : List.of("application/protobuf", "application/x-protobuf", "application/grpc", "application/grpc+proto")) {
      assertThat(codecs.forType(type, Person.class)).isSameAs(codec);
    }
  }

  @Test
  void bothCodecsAreFoundByTheServiceLoader() {
    Codecs codecs = Codecs.load();

    Codec json = codecs.forType("application/json", Person.class);
    assertThat(json).isInstanceOf(ProtobufJsonCodec.class);
    assertThat(codecs.forType("application/protobuf", Person.class)).isInstanceOf(ProtobufCodec.class);
  }
}
