package dev.micro.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SourcesTest {

  @Test
  void environmentVariablesLoseThePrefixAndSplitOnUnderscores() {
    EnvSource env = EnvSource.of("MICRO_", Map.of("MICRO_DB_URL", "jdbc:x", "MICRO_NAME", "svc", "HOME", "/root", "MICRO_", "x"));
    assertThat(env.read()).isEqualTo(Map.of("db", Map.of("url", "jdbc:x"), "name", "svc"));
  }

  @Test
  void aVariableThatIsAlsoASectionGivesWayToTheSection() {
    EnvSource env = EnvSource.of("MICRO_", Map.of("MICRO_REGISTRY", "etcd", "MICRO_REGISTRY_ADDRESS", "10.0.0.1:2379"));
    assertThat(env.read()).isEqualTo(Map.of("registry", Map.of("address", "10.0.0.1:2379")));
  }

  @Test
  void systemPropertiesLoseThePrefix() {
    Properties p = new Properties();
    p.setProperty("micro.db.url", "jdbc:y");
    p.setProperty("java.version", "25");
    assertThat(SystemPropertiesSource.of("micro.", p).read()).isEqualTo(Map.of("db", Map.of("url", "jdbc:y")));
  }

  @Test
  void flagsTakeEitherFormAndABareFlagIsTrue() {
    FlagsSource flags = FlagsSource.of("serve", "--db.url=jdbc:z", "--db.pool", "4", "--verbose", "--name", "svc", "--dry-run", "--", "--ignored=1");
    assertThat(flags.read()).isEqualTo(Map.of(
        "db", Map.of("url", "jdbc:z", "pool", "4"), "verbose", "true", "name", "svc", "dry-run", "true"));
  }

  @Test
  void memoryWritesNotifyWatchers() {
    MemorySource memory = MemorySource.create();
    int[] calls = new int[1];
    Watch w = memory.watch(() -> calls[0]++).orElseThrow();
    memory.write("a.b", 1);
    memory.write("a.c", "x");
    memory.write("a.b", null);
    w.close();
    memory.write("d", true);
    assertThat(calls[0]).isEqualTo(3);
    assertThat(memory.read()).isEqualTo(Map.of("a", Map.of("c", "x"), "d", true));
  }
}
