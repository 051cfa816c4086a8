package dev.micro.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.config.Config;
import dev.micro.config.ConfigFormats;
import dev.micro.config.ConfigException;
import dev.micro.config.FileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFormatTest {
  @TempDir Path dir;

  record Db(String url, int port, Duration timeout, java.util.List<String> replicas) {}

  @Test
  void fileSourcePicksYamlByExtension() {
    assertThat(ConfigFormats.find(Path.of("app.yaml"))).containsInstanceOf(YamlFormat.class);
    assertThat(ConfigFormats.find(Path.of("app.YML"))).containsInstanceOf(YamlFormat.class);
    assertThat(ConfigFormats.extensions()).contains("json", "properties", "yaml", "yml");
  }

  @Test
  void aYamlFileBindsToARecord() throws IOException {
    Path file = dir.resolve("micro.yml");
    Files.writeString(file, """
        db:
          url: jdbc:postgresql://db/app
          port: 5432
          timeout: 500ms
          replicas:
            - r1
            - r2
        """);
    try (Config config = Config.of(FileSource.of(file))) {
      assertThat(config.bind("db", Db.class))
          .isEqualTo(new Db("jdbc:postgresql://db/app", 5432, Duration.ofMillis(500), java.util.List.of("r1", "r2")));
    }
  }

  @Test
  void anEmptyDocumentIsAnEmptyTreeAndAScalarDocumentIsAnError() throws IOException {
    YamlFormat yaml = new YamlFormat();
    assertThat(yaml.parse(new byte[0])).isEqualTo(Map.of());
    Path file = dir.resolve("list.yaml");
    Files.writeString(file, "- a\n- b\n");
    assertThatThrownBy(() -> FileSource.of(file).read()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("list.yaml").hasMessageContaining("does not parse");
  }
}
