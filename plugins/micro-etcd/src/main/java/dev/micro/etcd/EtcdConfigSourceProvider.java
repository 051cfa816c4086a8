package dev.micro.etcd;

import dev.micro.config.ConfigSource;
import dev.micro.config.ConfigSourceProvider;
import dev.micro.plugin.PluginUri;

/**
 * Serves {@code etcd://host:2379[,host:2379...]/prefix[?timeout=5s]} config sources; without a
 * path the prefix is {@code /micro/config/}. Each call makes a new {@link EtcdConfigSource} with
 * its own client. Stateless.
 */
public final class EtcdConfigSourceProvider implements ConfigSourceProvider {
  @Override
  public String scheme() {
    return "etcd";
  }

  @Override
  public String module() {
    return "micro-etcd";
  }

  @Override
  public ConfigSource create(PluginUri uri) {
    return EtcdConfigSource.create(uri);
  }
}
