package dev.micro.sync;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link Sync} instances for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.sync.SyncProvider}.
 */
public interface SyncProvider extends PluginProvider {
  /** A {@code Sync} for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Sync create(PluginUri uri);
}
