package dev.micro.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void roundTripsNestedValues() {
    String text = "{\"a\":[1,2.5,\"x\\n\\\"y\\\"\",true,null],\"b\":{\"c\":\"\\u00e9\"}}";
    Map<String, Object> m = Json.parseObject(text);
    assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1L, 2.5, "x\n\"y\"", true, null));
    assertThat(((Map<?, ?>) m.get("b")).get("c")).isEqualTo("é");
    assertThat(Json.parseObject(Json.write(m))).isEqualTo(m);
  }

  @Test
  void malformedInputNamesTheOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 5");
    assertThatThrownBy(() -> Json.parse("[1,2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("expected a JSON object");
  }

  @Test
  void nestingIsBoundedSoThatDeepInputFailsCleanlyInsteadOfOverflowingTheStack() {
    String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(deepest)).isInstanceOf(List.class);
    String tooDeep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than " + Json.MAX_DEPTH);
  }

  @Test
  void writesEmptyContainers() {
    assertThat(Json.write(Map.of())).isEqualTo("{}");
    assertThat(Json.write(List.of())).isEqualTo("[]");
  }
}
