package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.config.Config;
import dev.micro.config.ConfigException;
import dev.micro.config.ConfigSource;
import dev.micro.config.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConfigSource} must show, run by each implementation's test:
 *
 * <pre>{@code
 * class FileSourceContractTest extends ConfigSourceContract {
 *   protected ConfigSource newSource(Map<String, Object> tree) { write(file, tree); return FileSource.of(file); }
 *   protected void update(ConfigSource source, Map<String, Object> tree) { write(file, tree); }
 *   protected void corrupt(ConfigSource source) { Files.writeString(file, "{broken"); }
 * }
 * }</pre>
 *
 * <p>Values are checked through a {@link Config} with typed access, so a source may hand back
 * numbers as strings (environment variables, {@code .properties}). Sources made by
 * {@link #newSource} are closed after each test. Not thread-safe; JUnit makes one instance per test.
 */
public abstract class ConfigSourceContract {
  /** How soon a change must reach a running config. */
  protected static final Duration CHANGE_WITHIN = Duration.ofSeconds(1);

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A new source holding {@code tree} (nested maps, lists, strings and numbers). */
  protected abstract ConfigSource newSource(Map<String, Object> tree);

  /** Replaces what {@code source} holds with {@code tree}, as its users would. */
  protected abstract void update(ConfigSource source, Map<String, Object> tree);

  /**
   * Makes {@code source} unreadable in the way it can be (a file that does not parse, keys that
   * conflict). Sources with no such state keep the default, which skips the test.
   */
  protected void corrupt(ConfigSource source) {
    Assumptions.abort("this source has no bad state");
  }

  /** Whether the source reports changes; false skips the change tests. */
  protected boolean watchable() {
    return true;
  }

  private static Map<String, Object> sample(String url, int port) {
    return Map.of("db", Map.of("url", url, "port", port, "pool", Map.of("max", 8)), "name", "svc");
  }

  private Config config(ConfigSource source) {
    Config config = Config.of(source);
    opened.add(config);
    return config;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Test
  void readsTheTree() {
    Config config = config(newSource(sample("jdbc:a", 5432)));
    assertThat(config.get("name").asString()).isEqualTo("svc");
    assertThat(config.get("db.url").asString()).isEqualTo("jdbc:a");
    assertThat(config.get("db.port").asInt()).isEqualTo(5432);
    assertThat(config.get("db").asMap()).containsOnlyKeys("url", "port", "pool");
  }

  @Test
  void readsNestedKeys() {
    Config config = config(newSource(sample("jdbc:a", 5432)));
    assertThat(config.get("db.pool.max").asInt()).isEqualTo(8);
    assertThat(config.get("db").get("pool").get("max").asLong()).isEqualTo(8L);
    assertThat(config.get("db.pool.min").isPresent()).isFalse();
  }

  @Test
  void aChangeReachesARunningConfigWithinASecond() {
    Assumptions.assumeTrue(watchable(), "this source does not report changes");
    ConfigSource source = newSource(sample("jdbc:a", 5432));
    Config config = config(source);
    List<String> seen = new CopyOnWriteArrayList<>();
    config.watch("db.url", (old, now) -> seen.add(old.optionalString().orElse("-") + "->" + now.optionalString().orElse("-")));

    update(source, sample("jdbc:b", 5433));

    await().atMost(CHANGE_WITHIN).until(() -> config.get("db.url").asString().equals("jdbc:b")
        && config.get("db.port").asInt() == 5433);
    assertThat(seen).containsExactly("jdbc:a->jdbc:b");
  }

  @Test
  void aRemovedKeyIsGoneAfterTheChange() {
    Assumptions.assumeTrue(watchable(), "this source does not report changes");
    ConfigSource source = newSource(sample("jdbc:a", 5432));
    Config config = config(source);

    update(source, Map.of("db", Map.of("url", "jdbc:a", "port", 5432)));

    await().atMost(CHANGE_WITHIN).until(() -> !config.get("db.pool").isPresent());
    assertThat(config.get("name").isPresent()).isFalse();
  }

  @Test
  void aBadUpdateKeepsTheLastGoodValues() {
    ConfigSource source = newSource(sample("jdbc:a", 5432));
    Config config = config(source);
    List<ConfigException> errors = new CopyOnWriteArrayList<>();
    config.onError(errors::add);
    List<Value> seen = new CopyOnWriteArrayList<>();
    config.watch("", (old, now) -> seen.add(now));

    corrupt(source);
    if (watchable()) {
      await().atMost(CHANGE_WITHIN).until(() -> !errors.isEmpty());
    } else {
      org.assertj.core.api.Assertions.assertThatThrownBy(config::reload).isInstanceOf(ConfigException.class);
    }

    assertThat(config.get("db.url").asString()).isEqualTo("jdbc:a");
    assertThat(config.get("db.pool.max").asInt()).isEqualTo(8);
    assertThat(config.get("name").asString()).isEqualTo("svc");
    assertThat(seen).isEmpty();

    update(source, sample("jdbc:c", 5432));
    if (!watchable()) {
      config.reload();
    }
    await().atMost(CHANGE_WITHIN).until(() -> config.get("db.url").asString().equals("jdbc:c"));
  }

  @Test
  void aWritableSourceTakesWritesAtAPath() {
    ConfigSource source = newSource(sample("jdbc:a", 5432));
    Assumptions.assumeTrue(source.writable(), "this source is read-only");
    Config config = config(source);

    config.write("db.pool.max", 16);
    config.write("feature.enabled", true);

    assertThat(config.get("db.pool.max").asInt()).isEqualTo(16);
    assertThat(config.get("feature.enabled").asBoolean()).isTrue();
    assertThat(config.get("db.url").asString()).isEqualTo("jdbc:a");
  }
}
