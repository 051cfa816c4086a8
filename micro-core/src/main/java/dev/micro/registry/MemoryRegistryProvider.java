package dev.micro.registry;

import dev.micro.plugin.PluginUri;

/** Serves {@code memory://}: a new {@link MemoryRegistry} each time. */
public final class MemoryRegistryProvider implements RegistryProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Registry create(PluginUri uri) {
    return new MemoryRegistry();
  }
}
