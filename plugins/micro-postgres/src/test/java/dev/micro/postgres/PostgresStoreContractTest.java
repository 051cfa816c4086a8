package dev.micro.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import dev.micro.testing.StoreContract;
import org.junit.jupiter.api.Test;

/** Runs against PostgreSQL on 127.0.0.1:5432, database {@code test}, user {@code postgres}. */
class PostgresStoreContractTest extends StoreContract {
  static final String URL = "postgres://postgres@127.0.0.1:5432/test";

  @Override
  protected Store newStore() {
    return PostgresStore.create(PluginUri.parse(URL));
  }

  @Override
  protected void cleanUp(Store store, Scope scope) {
    ((PostgresStore) store).dropDatabase(scope.database());
  }

  @Test
  void theStoreIsFoundByUrl() {
    try (Store s = Micro.store(URL + "?pool=2")) {
      Scope scope = scope("by-url");
      s.write(scope, Record.of("k", new byte[] {7}));
      assertThat(s.read(scope, "k")).get().extracting(Record::value).isEqualTo(new byte[] {7});
    }
  }

  @Test
  void cockroachUrlsAreServedToo() {
    assertThat(dev.micro.plugin.Plugins.load(dev.micro.store.StoreProvider.class, "store").schemes()).contains("postgres", "cockroach");
  }

  @Test
  void longAndReservedNamesStillMapOneToOne() {
    String longName = "x".repeat(80);
    Scope a = scope(longName);
    Scope b = scope(longName + "y");
    Scope reserved = otherDatabase("pg_class");
    store.write(a, Record.of("k", new byte[] {1}));
    store.write(b, Record.of("k", new byte[] {2}));
    store.write(reserved, Record.of("k", new byte[] {3}));

    assertThat(store.read(a, "k").orElseThrow().value()).containsExactly(1);
    assertThat(store.read(b, "k").orElseThrow().value()).containsExactly(2);
    assertThat(store.read(reserved, "k").orElseThrow().value()).containsExactly(3);
  }
}
