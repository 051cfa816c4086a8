package dev.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void keysCompareWithoutCase() {
    Metadata md = Metadata.of("Micro-Trace-Id", "t1");
    assertThat(md.get("micro-trace-id")).contains("t1");
    assertThat(md.with("MICRO-TRACE-ID", "t2").get("Micro-Trace-Id")).contains("t2");
    assertThat(md.with("MICRO-TRACE-ID", "t2").size()).isEqualTo(1);
  }

  @Test
  void isImmutable() {
    Metadata md = Metadata.of(Map.of("a", "1"));
    Metadata md2 = md.with("b", "2").without("a");
    assertThat(md.asMap()).containsOnlyKeys("a");
    assertThat(md2.asMap()).containsOnlyKeys("b");
    assertThatThrownBy(() -> md.asMap().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mergeLetsTheLaterWin() {
    Metadata md = Metadata.of("a", "1").with("b", "1").merge(Metadata.of("B", "2"));
    assertThat(md.get("b")).contains("2");
    assertThat(md.get("a")).contains("1");
  }

  @Test
  void keysKeepTheirFirstSpellingAndStaySortedWithoutCase() {
    Metadata md = Metadata.builder().put("b", "1").put("A", "2").put("c", "3").put("B", "4").build();
    assertThat(md.asMap().keySet()).containsExactly("A", "b", "c");
    assertThat(md.get("b")).contains("4");
    assertThat(md.with("C", "5").asMap().keySet()).containsExactly("A", "b", "c");
    assertThat(md.without("B").asMap()).containsExactly(Map.entry("A", "2"), Map.entry("c", "3"));
    assertThat(md.without("x")).isSameAs(md);
    assertThat(md.asMap().get("C")).isEqualTo("3");
    assertThat(md.asMap().containsKey("a")).isTrue();
    assertThat(md.toString()).isEqualTo("{A=2, b=4, c=3}");
  }

  @Test
  void equalityAndHashIgnoreTheCaseOfKeysOnly() {
    Metadata a = Metadata.of("Content-Type", "json").with("x", "1");
    Metadata b = Metadata.of("X", "1").with("content-type", "json");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Metadata.of("X", "1").with("content-type", "JSON"));
    assertThat(a).isNotEqualTo(Metadata.of("X", "1"));
  }

  @Test
  void mergingInterleavesBothSidesInOrder() {
    Metadata left = Metadata.builder().put("a", "1").put("c", "1").put("e", "1").build();
    Metadata right = Metadata.builder().put("B", "2").put("C", "2").put("f", "2").build();
    assertThat(left.merge(right).asMap())
        .containsExactly(Map.entry("a", "1"), Map.entry("B", "2"), Map.entry("c", "2"), Map.entry("e", "1"), Map.entry("f", "2"));
    assertThat(left.merge(Metadata.empty())).isSameAs(left);
    assertThat(Metadata.empty().merge(right)).isSameAs(right);
  }

  @Test
  void aBuilderGrowsAndIsSpentOnceBuilt() {
    Metadata.Builder b = Metadata.builder();
    for (int i = 0; i < 50; i++) {
      b.put("k" + (char) ('z' - i % 26) + i, Integer.toString(i));
    }
    Metadata md = b.build();
    assertThat(md.size()).isEqualTo(50);
    assertThat(new java.util.ArrayList<>(md.asMap().keySet())).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(md.toBuilder().put("k", "v").build().size()).isEqualTo(51);
    assertThat(md.size()).isEqualTo(50);
    assertThatThrownBy(() -> b.put("late", "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twoEntriesAreSortedAndASecondSpellingOfTheKeyWins() {
    assertThat(Metadata.of("b", "1", "A", "2").asMap().keySet()).containsExactly("A", "b");
    assertThat(Metadata.of("b", "1", "A", "2")).isEqualTo(Metadata.of("A", "2").with("b", "1"));
    assertThat(Metadata.of("k", "1", "K", "2").asMap()).containsExactly(Map.entry("k", "2"));
  }
}
