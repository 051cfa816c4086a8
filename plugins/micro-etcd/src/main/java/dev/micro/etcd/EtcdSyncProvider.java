package dev.micro.etcd;

import dev.micro.plugin.PluginUri;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncProvider;

/**
 * Serves {@code etcd://host:2379[,host:2379...][?timeout=5s]} locks ({@code etcd://} alone is
 * {@code 127.0.0.1:2379}); {@code user:password@} for etcd's authentication. Each call makes a new
 * {@link EtcdSync} with its own client. Stateless.
 */
public final class EtcdSyncProvider implements SyncProvider {
  @Override
  public String scheme() {
    return "etcd";
  }

  @Override
  public String module() {
    return "micro-etcd";
  }

  @Override
  public Sync create(PluginUri uri) {
    return EtcdSync.create(uri);
  }
}
