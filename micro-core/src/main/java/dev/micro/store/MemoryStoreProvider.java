package dev.micro.store;

import dev.micro.plugin.PluginUri;

/** Serves {@code memory://}: a new, empty {@link MemoryStore} each time. Stateless. */
public final class MemoryStoreProvider implements StoreProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Store create(PluginUri uri) {
    return new MemoryStore();
  }
}
