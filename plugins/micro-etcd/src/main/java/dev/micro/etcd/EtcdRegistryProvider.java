package dev.micro.etcd;

import dev.micro.plugin.PluginUri;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryProvider;

/**
 * Serves {@code etcd://host:2379[,host:2379...][?timeout=5s]} registries ({@code etcd://} alone is
 * {@code 127.0.0.1:2379}); {@code user:password@} for etcd's authentication. Each call makes a new
 * {@link EtcdRegistry} with its own client. Stateless.
 */
public final class EtcdRegistryProvider implements RegistryProvider {
  @Override
  public String scheme() {
    return "etcd";
  }

  @Override
  public String module() {
    return "micro-etcd";
  }

  @Override
  public Registry create(PluginUri uri) {
    return EtcdRegistry.create(uri);
  }
}
