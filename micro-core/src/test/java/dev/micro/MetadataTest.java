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
}
