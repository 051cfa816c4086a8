package dev.micro.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Environment variables with a prefix, as go-micro reads them: the prefix is stripped, the rest
 * lower-cased and split on {@code _}, so {@code MICRO_DB_URL=x} is {@code db.url = "x"}. Where a
 * variable names both a value and a section ({@code MICRO_REGISTRY} and
 * {@code MICRO_REGISTRY_ADDRESS}), the section wins. Values are strings, converted when read.
 * Read-only and not watched: the environment of a running process does not change.
 */
public final class EnvSource implements ConfigSource {
  private final String prefix;
  private final Map<String, String> env;

  private EnvSource(String prefix, Map<String, String> env) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.env = Map.copyOf(env);
  }

  /** The process environment's variables starting with {@code prefix} ({@code MICRO_}); empty takes all. */
  public static EnvSource of(String prefix) {
    return new EnvSource(prefix, System.getenv());
  }

  /** As {@link #of(String)} over the given variables instead of the process's. */
  public static EnvSource of(String prefix, Map<String, String> env) {
    return new EnvSource(prefix, Objects.requireNonNull(env, "env"));
  }

  @Override
  public String name() {
    return "env:" + prefix;
  }

  @Override
  public Map<String, Object> read() {
    Map<String, Object> flat = new LinkedHashMap<>();
    // Sorted, so that the result does not depend on the environment's order.
    new TreeMap<>(env).forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        String key = k.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        flat.put(key, v);
      }
    });
    return Trees.normalize(flat, false);
  }

  @Override
  public String toString() {
    return name();
  }
}
