package dev.micro.config;

import dev.micro.plugin.PluginUri;
import java.nio.file.Path;

/** The {@link ConfigSourceProvider}s built into the core. Each is stateless. */
public final class ConfigSourceProviders {
  private ConfigSourceProviders() {}

  /** {@code env://} ({@code MICRO_} variables) or {@code env://?prefix=APP_}. */
  public static final class Env implements ConfigSourceProvider {
    @Override
    public String scheme() {
      return "env";
    }

    @Override
    public ConfigSource create(PluginUri uri) {
      return EnvSource.of(uri.param("prefix").orElse("MICRO_"));
    }
  }

  /** {@code system://} ({@code micro.} properties) or {@code system://?prefix=app.}. */
  public static final class SystemProperties implements ConfigSourceProvider {
    @Override
    public String scheme() {
      return "system";
    }

    @Override
    public ConfigSource create(PluginUri uri) {
      return SystemPropertiesSource.of(uri.param("prefix").orElse("micro."));
    }
  }

  /**
   * {@code file:///etc/app.yaml} (absolute) or {@code file://app.json} (relative to the working
   * directory), with {@code ?interval=250ms} and {@code ?optional=true}.
   */
  public static final class File implements ConfigSourceProvider {
    @Override
    public String scheme() {
      return "file";
    }

    @Override
    public ConfigSource create(PluginUri uri) {
      String path = String.join(",", uri.hosts()) + uri.path();
      if (path.isEmpty()) {
        throw new IllegalArgumentException("config url: '" + uri + "' (expected: file:///path/to/file.yaml)");
      }
      FileSource source = FileSource.of(Path.of(path));
      source = source.withInterval(uri.durationParam("interval").orElse(FileSource.DEFAULT_INTERVAL));
      return uri.param("optional").map(Boolean::parseBoolean).orElse(false) ? source.optional() : source;
    }
  }

  /** {@code memory://}: a new, empty {@link MemorySource}. */
  public static final class Memory implements ConfigSourceProvider {
    @Override
    public String scheme() {
      return "memory";
    }

    @Override
    public ConfigSource create(PluginUri uri) {
      return MemorySource.create();
    }
  }
}
