package dev.micro.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void ordinaryNamesStayReadable() {
    assertThat(FileNames.segment("go.micro.srv.greeter")).isEqualTo("go.micro.srv.greeter");
    assertThat(FileNames.segment("greeter-3f1c_9")).isEqualTo("greeter-3f1c_9");
  }

  @Test
  void separatorsDotsAndPercentsAreEscaped() {
    assertThat(FileNames.segment("a/b")).isEqualTo("a%2Fb");
    assertThat(FileNames.segment("..")).isEqualTo("%2E.");
    assertThat(FileNames.segment(".hidden")).isEqualTo("%2Ehidden");
    assertThat(FileNames.segment("100%")).isEqualTo("100%25");
    assertThat(FileNames.segment("")).isEqualTo("%");
  }

  @Test
  void distinctNamesGiveDistinctSegments() {
    List<String> names = List.of("a/b", "a%2Fb", "a-b", "a_b", "é", "%C3%A9", "", "%", ".", "%2E");

    assertThat(names.stream().map(FileNames::segment)).doesNotHaveDuplicates();
  }

  @Test
  void longNamesAreShortenedKeepingThemDistinct() {
    String a = "x".repeat(300) + "a";
    String b = "x".repeat(300) + "b";

    assertThat(FileNames.segment(a)).hasSizeLessThanOrEqualTo(200).isNotEqualTo(FileNames.segment(b));
  }
}
