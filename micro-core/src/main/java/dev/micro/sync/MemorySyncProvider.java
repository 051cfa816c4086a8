package dev.micro.sync;

import dev.micro.plugin.PluginUri;

/** Serves {@code memory://}: a new, empty {@link MemorySync} each time. */
public final class MemorySyncProvider implements SyncProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Sync create(PluginUri uri) {
    return MemorySync.create();
  }
}
