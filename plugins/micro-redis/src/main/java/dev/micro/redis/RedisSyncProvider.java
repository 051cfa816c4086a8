package dev.micro.redis;

import dev.micro.plugin.PluginUri;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncProvider;

/** Serves {@code redis://} locks: {@link RedisSync}. */
public final class RedisSyncProvider implements SyncProvider {
  @Override
  public String scheme() {
    return "redis";
  }

  @Override
  public String module() {
    return "micro-redis";
  }

  @Override
  public Sync create(PluginUri uri) {
    return RedisSync.create(uri);
  }
}
