package dev.micro;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads Micro's settings from system properties ({@code micro.registry}) and then environment
 * variables ({@code MICRO_REGISTRY}). Builder calls take precedence over both.
 */
public final class Settings {
  private Settings() {}

  /**
   * The setting {@code name} (dotted, lower case: {@code registry}, {@code server.address}).
   */
  public static Optional<String> get(String name) {
    String prop = System.getProperty("micro." + name);
    if (prop != null && !prop.isBlank()) {
      return Optional.of(prop.trim());
    }
    String env = System.getenv("MICRO_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    if (env != null && !env.isBlank()) {
      return Optional.of(env.trim());
    }
    return Optional.empty();
  }
}
