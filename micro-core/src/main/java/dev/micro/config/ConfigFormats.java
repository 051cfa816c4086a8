package dev.micro.config;

import dev.micro.internal.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link ConfigFormat}s available: JSON and {@code .properties} built in, others found with
 * {@link ServiceLoader} (YAML from micro-json). Stateless.
 */
public final class ConfigFormats {
  private ConfigFormats() {}

  /** JSON through Micro's own reader; the document must be an object. */
  public static final class JsonFormat implements ConfigFormat {
    @Override
    public List<String> extensions() {
      return List.of("json");
    }

    @Override
    public Map<String, Object> parse(byte[] content) {
      return Json.parseObject(new String(content, StandardCharsets.UTF_8));
    }
  }

  /** Java {@code .properties} (read as UTF-8); dotted keys make sections. */
  public static final class PropertiesFormat implements ConfigFormat {
    @Override
    public List<String> extensions() {
      return List.of("properties");
    }

    @Override
    public Map<String, Object> parse(byte[] content) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed properties: " + e.getMessage(), e);
      }
      Map<String, Object> flat = new LinkedHashMap<>();
      for (String k : new TreeSet<>(p.stringPropertyNames())) {
        flat.put(k, p.getProperty(k));
      }
      return flat;
    }
  }

  /** The format for {@code file}'s extension, if one is installed. */
  public static Optional<ConfigFormat> find(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (ConfigFormat f : all()) {
      if (f.extensions().contains(ext)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The format for {@code file}'s extension.
   *
   * @throws IllegalArgumentException naming the extensions available when none reads it
   */
  public static ConfigFormat get(Path file) {
    return find(file).orElseThrow(() -> new IllegalArgumentException("config file: " + file
        + " (expected an extension among " + extensions() + "; YAML needs dev.micro:micro-json)"));
  }

  /** Every extension an installed format reads, sorted. */
  public static List<String> extensions() {
    TreeSet<String> out = new TreeSet<>();
    all().forEach(f -> out.addAll(f.extensions()));
    return List.copyOf(out);
  }

  private static List<ConfigFormat> all() {
    List<ConfigFormat> out = new java.util.ArrayList<>(List.of(new JsonFormat(), new PropertiesFormat()));
    ServiceLoader.load(ConfigFormat.class, ConfigFormats.class.getClassLoader()).forEach(out::add);
    return out;
  }
}
