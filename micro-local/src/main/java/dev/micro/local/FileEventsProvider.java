package dev.micro.local;

import dev.micro.events.Events;
import dev.micro.events.EventsProvider;
import dev.micro.plugin.PluginUri;
import java.nio.file.Path;

/**
 * Serves {@code file://} event streams: {@code file://} keeps its files in
 * {@code <MicroHome>/events}, {@code file:///some/dir} in that directory. Each call makes a new
 * {@link FileEvents}. {@code ?retention=7d} removes events older than that. Stateless.
 */
public final class FileEventsProvider implements EventsProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String module() {
    return "micro-local";
  }

  @Override
  public Events create(PluginUri uri) {
    if (!uri.hosts().isEmpty() || uri.user().isPresent()) {
      throw new IllegalArgumentException("file events: '" + uri + "' (expected: file:// or file:///absolute/dir)");
    }
    java.time.Duration retention = uri.durationParam("retention").orElse(null);
    if (retention != null && (retention.isZero() || retention.isNegative())) {
      throw new IllegalArgumentException("retention: '" + uri.param("retention").get() + "' (expected: > 0)");
    }
    if (uri.path().isEmpty() || uri.path().equals("/")) {
      return FileEvents.create(MicroHome.subdirectory("events"), "file://", retention);
    }
    return FileEvents.create(Path.of(uri.path()), "file://" + Path.of(uri.path()).toAbsolutePath(), retention);
  }
}
