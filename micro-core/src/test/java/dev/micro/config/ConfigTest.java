package dev.micro.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void laterSourcesOverrideEarlierOnesKeyByKey() {
    MemorySource defaults = MemorySource.of(Map.of("db", Map.of("url", "jdbc:a", "pool", 5), "name", "svc"));
    MemorySource override = MemorySource.of(Map.of("db.url", "jdbc:b"));
    try (Config config = Config.of(defaults, override)) {
      assertThat(config.get("db.url").asString()).isEqualTo("jdbc:b");
      assertThat(config.get("db.pool").asInt()).isEqualTo(5);
      assertThat(config.get("name").asString()).isEqualTo("svc");
      assertThat(config.asMap()).isEqualTo(Map.of("db", Map.of("url", "jdbc:b", "pool", 5L), "name", "svc"));
    }
  }

  @Test
  void aValueReplacesASectionAndListsAreReplacedWhole() {
    MemorySource below = MemorySource.of(Map.of("hosts", List.of("a", "b"), "db", Map.of("url", "x")));
    MemorySource above = MemorySource.of(Map.of("hosts", List.of("c"), "db", "off"));
    try (Config config = Config.of(below, above)) {
      assertThat(config.get("hosts").asList(String.class)).containsExactly("c");
      assertThat(config.get("db").asString()).isEqualTo("off");
    }
  }

  @Test
  void fallbacksAndOptionalsApplyOnlyToMissingValues() {
    try (Config config = Config.of(MemorySource.of(Map.of("port", "oops")))) {
      assertThat(config.get("timeout").orElse("2s").asDuration()).isEqualTo(Duration.ofSeconds(2));
      assertThat(config.get("retries").orElse(3).asInt()).isEqualTo(3);
      assertThat(config.get("missing").optionalString()).isEmpty();
      assertThat(config.get("missing").isPresent()).isFalse();
      assertThatThrownBy(() -> config.get("port").orElse(80).asInt()).isInstanceOf(ConfigException.class);
    }
  }

  @Test
  void stringsConvertToTheTypeAskedFor() {
    Map<String, Object> tree = Map.of("port", "5432", "debug", "yes", "ratio", "0.5", "timeout", "500ms",
        "iso", "PT5S", "hosts", "a, b", "big", 5000000000L, "seconds", 30);
    try (Config config = Config.of(MemorySource.of(tree))) {
      assertThat(config.get("port").asInt()).isEqualTo(5432);
      assertThat(config.get("debug").asBoolean()).isTrue();
      assertThat(config.get("ratio").asDouble()).isEqualTo(0.5);
      assertThat(config.get("timeout").asDuration()).isEqualTo(Duration.ofMillis(500));
      assertThat(config.get("iso").asDuration()).isEqualTo(Duration.ofSeconds(5));
      assertThat(config.get("seconds").asDuration()).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.get("hosts").asList(String.class)).containsExactly("a", "b");
      assertThat(config.get("big").asLong()).isEqualTo(5_000_000_000L);
      assertThat(config.get("port").asString()).isEqualTo("5432");
    }
  }

  @Test
  void typedAccessErrorsNameThePathAndTheExpectedType() {
    try (Config config = Config.of(MemorySource.of(Map.of("db", Map.of("port", "abc", "url", "x"), "big", 5000000000L)))) {
      assertThatThrownBy(() -> config.get("db.port").asInt())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'db.port'").hasMessageContaining("expected an integer").hasMessageContaining("\"abc\"");
      assertThatThrownBy(() -> config.get("big").asInt()).hasMessageContaining("'big'").hasMessageContaining("expected an int");
      assertThatThrownBy(() -> config.get("db.url").asBoolean()).hasMessageContaining("'db.url'").hasMessageContaining("a boolean");
      assertThatThrownBy(() -> config.get("db.url").asDuration()).hasMessageContaining("a duration");
      assertThatThrownBy(() -> config.get("db").asString()).hasMessageContaining("found a section");
      assertThatThrownBy(() -> config.get("db.user").asString())
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.path()).isEqualTo("db.user"))
          .hasMessageContaining("'db.user' is missing (expected a string)");
    }
  }

  @Test
  void listenersSeeTheOldAndTheNewValue() {
    MemorySource source = MemorySource.of(Map.of("db.url", "jdbc:a", "other", 1));
    try (Config config = Config.of(source)) {
      List<String> seen = new CopyOnWriteArrayList<>();
      config.watch("db.url", (old, now) -> seen.add(old.asString() + "->" + now.asString()));
      List<Value> sections = new CopyOnWriteArrayList<>();
      config.watch("db", (old, now) -> sections.add(now));

      source.write("other", 2);
      source.write("db.url", "jdbc:b");

      await().atMost(Duration.ofSeconds(1)).until(() -> seen.size() == 1 && sections.size() == 1);
      assertThat(seen).containsExactly("jdbc:a->jdbc:b");
      assertThat(sections.get(0).asMap()).isEqualTo(Map.of("url", "jdbc:b"));
    }
  }

  @Test
  void aClosedListenerIsNotCalledAgain() {
    MemorySource source = MemorySource.of(Map.of("a", 1));
    try (Config config = Config.of(source)) {
      List<Value> seen = new CopyOnWriteArrayList<>();
      Watch w = config.watch("a", (old, now) -> seen.add(now));
      w.close();
      config.write("a", 2);
      assertThat(config.get("a").asInt()).isEqualTo(2);
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void aFailedReloadKeepsTheWholeLastGoodConfigAndReportsTheError() {
    UnwatchedSource steady = new UnwatchedSource("steady", new AtomicReference<>("1"), new AtomicBoolean());
    UnwatchedSource flaky = new UnwatchedSource("flaky", new AtomicReference<>("ok"), new AtomicBoolean());
    try (Config config = Config.of(steady, flaky)) {
      List<ConfigException> errors = new CopyOnWriteArrayList<>();
      config.onError(errors::add);
      List<Value> seen = new CopyOnWriteArrayList<>();
      config.watch("", (old, now) -> seen.add(now));

      steady.value().set("2");
      flaky.broken().set(true);
      assertThatThrownBy(config::reload).isInstanceOf(ConfigException.class).hasMessageContaining("flaky");

      // The good source's change came with the broken read: neither is applied.
      assertThat(config.get("steady").asInt()).isEqualTo(1);
      assertThat(config.get("flaky").asString()).isEqualTo("ok");
      assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("source is down"));
      assertThat(seen).isEmpty();

      flaky.broken().set(false);
      config.reload();
      assertThat(config.get("steady").asInt()).isEqualTo(2);
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void theFirstReadMustSucceed() {
    assertThatThrownBy(() -> Config.of(new UnwatchedSource("flaky", new AtomicReference<>("x"), new AtomicBoolean(true))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("source is down");
  }

  @Test
  void writeGoesToTheLastWritableSource() {
    MemorySource first = MemorySource.create();
    MemorySource second = MemorySource.create();
    try (Config config = Config.of(first, second, EnvSource.of("X_", Map.of()))) {
      config.write("db.url", "jdbc:c");
      assertThat(second.read()).isEqualTo(Map.of("db", Map.of("url", "jdbc:c")));
      assertThat(first.read()).isEmpty();
      assertThat(config.get("db.url").asString()).isEqualTo("jdbc:c");
    }
    try (Config readOnly = Config.of(EnvSource.of("X_", Map.of()))) {
      assertThatThrownBy(() -> readOnly.write("a", 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("env:X_");
    }
  }

  @Test
  void urlsChooseTheSources() {
    try (Config config = Micro.config("env://?prefix=NO_SUCH_PREFIX_", "memory://")) {
      assertThat(config.sources()).extracting(ConfigSource::name).containsExactly("env:NO_SUCH_PREFIX_", "memory");
      config.write("a.b", "c");
      assertThat(config.get("a.b").asString()).isEqualTo("c");
    }
    assertThatThrownBy(() -> Micro.config("nope://")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope").hasMessageContaining("env").hasMessageContaining("file");
  }

  /** Reads {@code <name>=<value>}, or throws while broken; never reports changes. */
  private record UnwatchedSource(String name, AtomicReference<String> value, AtomicBoolean broken) implements ConfigSource {
    @Override
    public Map<String, Object> read() {
      if (broken.get()) {
        throw new IllegalStateException("source is down");
      }
      return Map.of(name, value.get());
    }
  }
}
