package dev.micro.auth.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRulesTest {
  @TempDir Path dir;

  final Rule open = Rule.grant("hello-public", Rule.PUBLIC, Resource.service("greeter", "Greeter.Hello"));
  final Rule admin = Rule.deny("no-admin", "*", Resource.service("greeter", "Admin.*")).withPriority(5);

  @Test
  void writtenRulesReadBackTheSameInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("auth/rules.json");

    FileRules.write(file, List.of(open, admin));

    assertThat(FileRules.read(file)).containsExactly(open, admin);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("\"access\":\"denied\"").contains("\"priority\":5");
  }

  @Test
  void aMissingFileHoldsNoRules() {
    assertThat(FileRules.read(dir.resolve("none.json"))).isEmpty();
  }

  @Test
  void badFilesAreRefusedNamingTheFault() throws Exception {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, "{\"rules\":[{\"id\":\"a\",\"access\":\"maybe\"}]}");
    assertThatThrownBy(() -> FileRules.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("access: 'maybe' (expected: granted or denied)").hasMessageContaining(file.toString());

    Files.writeString(file, "{\"rules\":[{\"id\":\"a\"},{\"id\":\"a\"}]}");
    assertThatThrownBy(() -> FileRules.read(file)).hasMessageContaining("rule id 'a' appears twice");
  }

  @Test
  void watchedRulesFollowTheFileAndKeepTheLastGoodRulesWhenItBreaks() throws Exception {
    Path file = dir.resolve("rules.json");
    FileRules.write(file, List.of(open));
    try (FileRules watched = FileRules.watch(file, Duration.ofMillis(50))) {
      assertThat(watched.rules().list()).containsExactly(open);

      FileRules.write(file, List.of(open, admin));
      await().atMost(Duration.ofSeconds(5)).until(() -> watched.rules().list().size() == 2);

      Files.writeString(file, "{\"rules\": [ broken");
      await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
      assertThat(watched.rules().list()).containsExactly(open, admin);

      FileRules.write(file, List.of(admin));
      await().atMost(Duration.ofSeconds(5)).until(() -> watched.rules().list().equals(List.of(admin)));

      Files.delete(file);
      await().atMost(Duration.ofSeconds(5)).until(() -> watched.rules().list().isEmpty());
    }
  }
}
