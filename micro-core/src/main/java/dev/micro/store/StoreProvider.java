package dev.micro.store;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link Store} instances for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.store.StoreProvider}.
 */
public interface StoreProvider extends PluginProvider {
  /** A store for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Store create(PluginUri uri);
}
