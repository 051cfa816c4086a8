package dev.micro.postgres;

import dev.micro.plugin.PluginUri;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncProvider;

/** Serves {@code postgres://} and {@code cockroach://} locks: {@link PostgresSync}. */
public final class PostgresSyncProvider implements SyncProvider {
  @Override
  public String scheme() {
    return "postgres";
  }

  @Override
  public String module() {
    return "micro-postgres";
  }

  @Override
  public Sync create(PluginUri uri) {
    return PostgresSync.create(uri);
  }
}
