package dev.micro.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindingTest {
  enum Mode { READ_ONLY, READ_WRITE }

  record Pool(int max, @Default("30s") Duration idle) {}

  record Db(String url, int port, boolean ssl, Mode mode, Pool pool, List<String> replicas,
      Map<String, Integer> weights, Optional<String> user, @Default("5s") Duration timeout) {}

  record Strict(String name) {
    Strict {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }
  }

  @Test
  void aSectionBindsToARecordWithNestedRecordsListsMapsAndDefaults() {
    Map<String, Object> tree = Map.of("db", Map.of(
        "url", "jdbc:x", "port", "5432", "ssl", true, "mode", "read-write",
        "pool", Map.of("max", 8), "replicas", List.of("r1", "r2"), "weights", Map.of("r1", 2, "r2", "3")));
    try (Config config = Config.of(MemorySource.of(tree))) {
      Db db = config.bind("db", Db.class);

      assertThat(db).isEqualTo(new Db("jdbc:x", 5432, true, Mode.READ_WRITE, new Pool(8, Duration.ofSeconds(30)),
          List.of("r1", "r2"), Map.of("r1", 2, "r2", 3), Optional.empty(), Duration.ofSeconds(5)));
    }
  }

  @Test
  void environmentStyleKeysMatchComponentsLoosely() {
    record Server(int maxConnections) {}
    try (Config config = Config.of(EnvSource.of("APP_", Map.of("APP_SERVER_MAXCONNECTIONS", "100")))) {
      assertThat(config.bind("server", Server.class).maxConnections()).isEqualTo(100);
    }
  }

  @Test
  void aMissingValueWithoutDefaultNamesItsPath() {
    try (Config config = Config.of(MemorySource.of(Map.of("db", Map.of("url", "jdbc:x", "port", 1, "ssl", false, "mode", "read_only"))))) {
      assertThatThrownBy(() -> config.bind("db", Db.class))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.path()).isEqualTo("db.pool.max"))
          .hasMessageContaining("'db.pool.max' is missing");
    }
  }

  @Test
  void aWrongTypeNamesThePathAndTheExpectedType() {
    try (Config config = Config.of(MemorySource.of(Map.of("pool", Map.of("max", "lots"), "mode", "sideways")))) {
      assertThatThrownBy(() -> config.bind("pool", Pool.class)).hasMessageContaining("'pool.max': expected an integer, found \"lots\"");
      assertThatThrownBy(() -> config.get("mode").as(Mode.class)).hasMessageContaining("'mode'").hasMessageContaining("READ_ONLY");
    }
  }

  @Test
  void aRecordThatRejectsItsValuesFailsWithThePath() {
    try (Config config = Config.of(MemorySource.of(Map.of("svc", Map.of("name", " "))))) {
      assertThatThrownBy(() -> config.bind("svc", Strict.class)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("'svc'").hasMessageContaining("name must not be blank");
    }
  }

  @Test
  void listsComeFromIndexedKeysAsInPropertiesFiles() {
    try (Config config = Config.of(MemorySource.of(Map.of("hosts.1", "b", "hosts.0", "a")))) {
      assertThat(config.get("hosts").asList(String.class)).containsExactly("a", "b");
    }
  }
}
