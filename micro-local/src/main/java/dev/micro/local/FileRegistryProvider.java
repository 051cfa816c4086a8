package dev.micro.local;

import dev.micro.plugin.PluginUri;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryProvider;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Serves {@code file://} registries: {@code file://} is {@code <MicroHome>/registry},
 * {@code file:///some/dir} is that directory, and {@code ?poll=250ms} sets how often watchers
 * rescan it (250 ms by default). Each call makes a new {@link FileRegistry}. Stateless.
 */
public final class FileRegistryProvider implements RegistryProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String module() {
    return "micro-local";
  }

  @Override
  public Registry create(PluginUri uri) {
    if (!uri.hosts().isEmpty() || uri.user().isPresent()) {
      throw new IllegalArgumentException("file registry: '" + uri + "' (expected: file:// or file:///absolute/dir)");
    }
    Duration poll = uri.durationParam("poll").orElse(FileRegistry.DEFAULT_POLL_INTERVAL);
    if (uri.path().isEmpty() || uri.path().equals("/")) {
      return FileRegistry.create(MicroHome.subdirectory("registry"), poll, "file://");
    }
    return FileRegistry.create(Path.of(uri.path()), poll);
  }
}
