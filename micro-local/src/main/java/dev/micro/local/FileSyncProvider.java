package dev.micro.local;

import dev.micro.plugin.PluginUri;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncProvider;
import java.nio.file.Path;

/**
 * Serves {@code file://} locks: {@code file://} keeps them in {@code <MicroHome>/sync},
 * {@code file:///some/dir} in that directory. Each call makes a new {@link FileSync}. Stateless.
 */
public final class FileSyncProvider implements SyncProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String module() {
    return "micro-local";
  }

  @Override
  public Sync create(PluginUri uri) {
    if (!uri.hosts().isEmpty() || uri.user().isPresent()) {
      throw new IllegalArgumentException("file sync: '" + uri + "' (expected: file:// or file:///absolute/dir)");
    }
    if (uri.path().isEmpty() || uri.path().equals("/")) {
      return FileSync.create(MicroHome.subdirectory("sync"), "file://");
    }
    return FileSync.create(Path.of(uri.path()));
  }
}
