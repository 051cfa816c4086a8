package dev.micro.registry;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link Registry} instances for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.registry.RegistryProvider}.
 */
public interface RegistryProvider extends PluginProvider {
  /** A registry for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Registry create(PluginUri uri);
}
