package dev.micro.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * System properties with a prefix, stripped: with {@code micro.}, {@code -Dmicro.db.url=x} is
 * {@code db.url = "x"}. Where a property names both a value and a section, the section wins. Read
 * each time; not watched ({@link Config#reload()} picks up changes).
 */
public final class SystemPropertiesSource implements ConfigSource {
  private final String prefix;
  private final Properties properties;

  private SystemPropertiesSource(String prefix, Properties properties) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.properties = properties;
  }

  /** The JVM's system properties starting with {@code prefix} ({@code micro.}); empty takes all. */
  public static SystemPropertiesSource of(String prefix) {
    return new SystemPropertiesSource(prefix, System.getProperties());
  }

  /** As {@link #of(String)} over the given properties. */
  public static SystemPropertiesSource of(String prefix, Properties properties) {
    return new SystemPropertiesSource(prefix, Objects.requireNonNull(properties, "properties"));
  }

  @Override
  public String name() {
    return "system:" + prefix;
  }

  @Override
  public Map<String, Object> read() {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        flat.put(key.substring(prefix.length()), properties.getProperty(key));
      }
    }
    return Trees.normalize(flat, false);
  }

  @Override
  public String toString() {
    return name();
  }
}
