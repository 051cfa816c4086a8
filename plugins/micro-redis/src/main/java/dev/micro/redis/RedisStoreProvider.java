package dev.micro.redis;

import dev.micro.plugin.PluginUri;
import dev.micro.store.Store;
import dev.micro.store.StoreProvider;

/** Serves {@code redis://} stores; see {@link RedisStore#create(PluginUri)}. Stateless. */
public final class RedisStoreProvider implements StoreProvider {
  @Override
  public String scheme() {
    return "redis";
  }

  @Override
  public String module() {
    return "micro-redis";
  }

  @Override
  public Store create(PluginUri uri) {
    return RedisStore.create(uri);
  }
}
