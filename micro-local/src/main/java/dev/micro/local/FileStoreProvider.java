package dev.micro.local;

import dev.micro.plugin.PluginUri;
import dev.micro.store.Store;
import dev.micro.store.StoreProvider;
import java.nio.file.Path;

/**
 * Serves {@code file://} stores: {@code file://} keeps its files in {@code <MicroHome>/store},
 * {@code file:///some/dir} in that directory. Each call makes a new {@link FileStore}. Stateless.
 */
public final class FileStoreProvider implements StoreProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String module() {
    return "micro-local";
  }

  @Override
  public Store create(PluginUri uri) {
    if (!uri.hosts().isEmpty() || uri.user().isPresent()) {
      throw new IllegalArgumentException("file store: '" + uri + "' (expected: file:// or file:///absolute/dir)");
    }
    if (uri.path().isEmpty() || uri.path().equals("/")) {
      return FileStore.create(MicroHome.subdirectory("store"), "file://");
    }
    return FileStore.create(Path.of(uri.path()));
  }
}
