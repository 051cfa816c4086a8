package dev.micro.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  @TempDir Path dir;

  private void write(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(dir, "edit", ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void anEditedFileReachesTheRunningConfigWithinASecond() throws IOException {
    Path file = dir.resolve("app.json");
    write(file, "{\"db\":{\"url\":\"jdbc:a\"}}");
    try (Config config = Config.of(FileSource.of(file))) {
      List<String> seen = new CopyOnWriteArrayList<>();
      config.watch("db.url", (old, now) -> seen.add(old.asString() + "->" + now.asString()));

      write(file, "{\"db\":{\"url\":\"jdbc:b\"}}");

      await().atMost(Duration.ofSeconds(1)).until(() -> config.get("db.url").asString().equals("jdbc:b"));
      assertThat(seen).containsExactly("jdbc:a->jdbc:b");
    }
  }

  @Test
  void anInPlaceRewriteOfTheSameSizeIsSeen() throws IOException {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "a=1\n");
    try (Config config = Config.of(FileSource.of(file))) {
      Files.writeString(file, "a=2\n");
      await().atMost(Duration.ofSeconds(1)).until(() -> config.get("a").asInt() == 2);
    }
  }

  @Test
  void aBrokenFileKeepsTheLastGoodConfigAndReportsTheError() throws IOException {
    Path file = dir.resolve("app.json");
    write(file, "{\"a\":1,\"b\":\"x\"}");
    try (Config config = Config.of(FileSource.of(file))) {
      List<ConfigException> errors = new CopyOnWriteArrayList<>();
      config.onError(errors::add);

      write(file, "{\"a\":2,");

      await().atMost(Duration.ofSeconds(1)).until(() -> !errors.isEmpty());
      assertThat(errors.get(0)).hasMessageContaining(file.toString()).hasMessageContaining("does not parse");
      assertThat(config.get("a").asInt()).isEqualTo(1);
      assertThat(config.get("b").asString()).isEqualTo("x");

      write(file, "{\"a\":3}");
      await().atMost(Duration.ofSeconds(1)).until(() -> config.get("a").asInt() == 3);
      assertThat(config.get("b").isPresent()).isFalse();
    }
  }

  @Test
  void propertiesFilesMakeSectionsOfDottedKeys() throws IOException {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "db.url=jdbc:p\ndb.port=5432\n");
    try (Config config = Config.of(FileSource.of(file))) {
      assertThat(config.get("db.port").asInt()).isEqualTo(5432);
      assertThat(config.get("db.url").asString()).isEqualTo("jdbc:p");
    }
  }

  @Test
  void aMissingFileFailsUnlessOptional() {
    Path file = dir.resolve("none.json");
    assertThatThrownBy(() -> FileSource.of(file).read()).isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    assertThat(FileSource.of(file).optional().read()).isEmpty();
  }

  @Test
  void anUnknownExtensionNamesTheKnownOnes() {
    assertThatThrownBy(() -> FileSource.of(dir.resolve("app.toml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("json").hasMessageContaining("properties");
  }

  @Test
  void fileUrlsAreAbsoluteWithThreeSlashes() throws IOException {
    Path file = dir.resolve("app.json");
    write(file, "{\"a\":\"b\"}");
    try (Config config = dev.micro.Micro.config("file://" + file + "?interval=100ms")) {
      assertThat(config.get("a").asString()).isEqualTo("b");
    }
  }
}
