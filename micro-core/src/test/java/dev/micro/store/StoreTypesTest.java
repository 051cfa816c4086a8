package dev.micro.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Micro;
import dev.micro.codec.Codec;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreTypesTest {
  /** Strings as UTF-8, standing in for a JSON codec. */
  private static final Codec TEXT = new Codec() {
    @Override
    public String contentType() {
      return "text/plain";
    }

    @Override
    public boolean supports(Type type) {
      return type == String.class;
    }

    @Override
    public byte[] encode(Object value) {
      return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] data, Type type) {
      return new String(data, StandardCharsets.UTF_8);
    }
  };

  @Test
  void prefixUpperBoundIsTheNextStringAfterEveryKeyWithThePrefix() {
    assertThat(Query.prefix("ab").prefixUpperBound()).contains("ac");
    assertThat(Query.prefix("a\uD7FF").prefixUpperBound()).contains("a\uE000");
    assertThat(Query.prefix("a" + Character.toString(Character.MAX_CODE_POINT)).prefixUpperBound()).contains("b");
    assertThat(Query.all().prefixUpperBound()).isEmpty();
  }

  @Test
  void pageAppliesOffsetThenLimit() {
    List<Integer> all = List.of(0, 1, 2, 3, 4);
    assertThat(Query.all().withOffset(1).withLimit(2).page(all)).containsExactly(1, 2);
    assertThat(Query.all().withOffset(4).withLimit(Integer.MAX_VALUE).page(all)).containsExactly(4);
    assertThat(Query.all().withOffset(9).page(all)).isEmpty();
  }

  @Test
  void recordsCopyTheirValueAndCompareByContent() {
    byte[] v = {1, 2};
    Record r = Record.of("k", v);
    v[0] = 9;
    assertThat(r.value()).containsExactly(1, 2);
    assertThat(r).isEqualTo(Record.of("k", new byte[] {1, 2}));
    assertThatThrownBy(() -> Record.of("k", v).withTtl(Duration.ZERO)).hasMessageContaining("ttl: PT0S");
    assertThatThrownBy(() -> Scope.of("", "t")).hasMessageContaining("database");
  }

  @Test
  void typedStoreEncodesThroughTheCodecAndNamesTheContentType() {
    try (Store store = Micro.store("memory://")) {
      TypedStore<String> names = TypedStore.of(store.scoped("app", "names"), TEXT, String.class);
      names.put("1", "Ada");
      names.put("2", "Grace", Duration.ofMinutes(1));

      assertThat(names.get("1")).contains("Ada");
      assertThat(names.values(Query.all())).containsExactly("Ada", "Grace");
      assertThat(store.read(Scope.of("app", "names"), "1").orElseThrow().metadata()).isEqualTo(Map.of("Content-Type", "text/plain"));
      names.delete("1");
      assertThat(names.keys(Query.all())).containsExactly("2");
      assertThat(store.list()).isEmpty();
    }
  }

  @Test
  void theDefaultStoreWithoutMicroLocalIsInMemory() {
    assertThat(Micro.defaultStoreUrl()).isEqualTo("memory://");
    assertThatThrownBy(() -> Micro.store("nope://")).hasMessageContaining("available: [memory]");
  }

  @Test
  void closingAScopedViewLeavesTheStoreOpen() {
    try (Store store = new MemoryStore()) {
      Store view = store.scoped("app", "t").scoped("app", "u");
      view.write("k", new byte[] {1});
      view.close();
      assertThat(view.scope()).isEqualTo(Scope.of("app", "u"));
      assertThat(store.read(Scope.of("app", "u"), "k")).isPresent();
      assertThat(store.list()).isEmpty();
    }
  }
}
