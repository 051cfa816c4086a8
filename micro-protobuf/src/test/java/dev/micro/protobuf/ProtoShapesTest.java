package dev.micro.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.protobuf.sample.Person;
import dev.micro.registry.Value;
import org.junit.jupiter.api.Test;

class ProtoShapesTest {

  @Test
  void describesFieldsByJsonNameWithGoStyleTypes() {
    Value v = ProtoShapes.of(Person.class);

    assertThat(v.name()).isEqualTo("Person");
    assertThat(v.values()).extracting(Value::name, Value::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("fullName", "string"),
        org.assertj.core.groups.Tuple.tuple("age", "int32"),
        org.assertj.core.groups.Tuple.tuple("tags", "[]string"),
        org.assertj.core.groups.Tuple.tuple("address", "Address"),
        org.assertj.core.groups.Tuple.tuple("scores", "map[string]int64"),
        org.assertj.core.groups.Tuple.tuple("avatar", "bytes"),
        org.assertj.core.groups.Tuple.tuple("mood", "Mood"),
        org.assertj.core.groups.Tuple.tuple("height", "float64"),
        org.assertj.core.groups.Tuple.tuple("past", "[]Address"));
  }

  @Test
  void nestsMessagesToDepthThree() {
    Value address = ProtoShapes.of(Person.class).values().get(3);

    Value inner = address.values().get(1);
    assertThat(address.values()).extracting(Value::name).containsExactly("streetName", "inner");
    assertThat(inner.values()).extracting(Value::name).containsExactly("deepest");
    assertThat(inner.values().get(0).values()).isEmpty();
  }
}
