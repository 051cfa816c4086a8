package dev.micro.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.CallType;
import dev.micro.Idempotent;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.registry.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PojoHandlerAdapterTest {
  record Request(String name, List<Item> items) {}

  record Item(String sku, int count) {}

  record Reply(String message) {}

  public static class ShopHandler {
    @Idempotent
    public Reply hello(Request r) {
      return new Reply("Hello " + r.name());
    }

    public void watch(Request r, Sink<Reply> out) {
      out.send(new Reply("1"));
    }

    public Reply upload(Source<Item> in) {
      int n = 0;
      for (Item ignored : in) {
        n++;
      }
      return new Reply(String.valueOf(n));
    }

    public void chat(Source<Reply> in, Sink<Reply> out) {
      in.forEach(out::send);
    }

    public void notAnEndpoint() {}
  }

  private final Map<String, EndpointHandler> endpoints = new java.util.TreeMap<>();

  {
    for (EndpointHandler e : new PojoHandlerAdapter().adapt(new ShopHandler())) {
      endpoints.put(e.name(), e);
    }
  }

  @Test
  void namesEndpointsHandlerDotCapitalisedMethod() {
    assertThat(endpoints).containsOnlyKeys("Shop.Hello", "Shop.Watch", "Shop.Upload", "Shop.Chat");
  }

  @Test
  void recognisesTheFourCallShapes() {
    assertThat(endpoints.get("Shop.Hello").type()).isEqualTo(CallType.UNARY);
    assertThat(endpoints.get("Shop.Watch").type()).isEqualTo(CallType.SERVER_STREAMING);
    assertThat(endpoints.get("Shop.Upload").type()).isEqualTo(CallType.CLIENT_STREAMING);
    assertThat(endpoints.get("Shop.Chat").type()).isEqualTo(CallType.BIDI_STREAMING);
    assertThat(endpoints.get("Shop.Chat").metadata()).containsEntry("stream", "true");
    assertThat(endpoints.get("Shop.Hello").metadata()).containsEntry("idempotent", "true");
  }

  @Test
  void describesRequestShapesWithNestedFields() {
    Value shape = endpoints.get("Shop.Hello").requestShape();
    assertThat(shape.name()).isEqualTo("Request");
    assertThat(shape.values()).extracting(Value::name).containsExactly("name", "items");
    Value items = shape.values().get(1);
    assertThat(items.type()).isEqualTo("[]Item");
    assertThat(items.values()).extracting(Value::name, Value::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("sku", "string"), org.assertj.core.groups.Tuple.tuple("count", "int32"));
  }

  @Test
  void invokesUnaryMethods() throws Exception {
    assertThat(endpoints.get("Shop.Hello").unary(new Request("Alice", List.of()))).isEqualTo(new Reply("Hello Alice"));
  }

  @Test
  void anObjectWithoutEndpointsIsRefused() {
    assertThatThrownBy(() -> new PojoHandlerAdapter().adapt(new Object() {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no endpoint methods");
  }
}
