package dev.micro.postgres;

import dev.micro.plugin.PluginUri;
import dev.micro.store.Store;
import dev.micro.store.StoreProvider;

/** Serves {@code postgres://} stores; see {@link PostgresStore#create(PluginUri)}. Stateless. */
public final class PostgresStoreProvider implements StoreProvider {
  @Override
  public String scheme() {
    return "postgres";
  }

  @Override
  public String module() {
    return "micro-postgres";
  }

  @Override
  public Store create(PluginUri uri) {
    return PostgresStore.create(uri);
  }

  /** Serves {@code cockroach://}, CockroachDB speaking PostgreSQL's protocol (port 26257 by default). */
  public static final class Cockroach implements StoreProvider {
    @Override
    public String scheme() {
      return "cockroach";
    }

    @Override
    public String module() {
      return "micro-postgres";
    }

    @Override
    public Store create(PluginUri uri) {
      return PostgresStore.create(uri);
    }
  }
}
