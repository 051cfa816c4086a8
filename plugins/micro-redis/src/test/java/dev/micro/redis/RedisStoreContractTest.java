package dev.micro.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import dev.micro.testing.StoreContract;
import org.junit.jupiter.api.Test;

/** Runs against Redis on 127.0.0.1:6379, database 0. */
class RedisStoreContractTest extends StoreContract {
  static final String URL = "redis://127.0.0.1:6379/0";

  @Override
  protected Store newStore() {
    return RedisStore.create(PluginUri.parse(URL));
  }

  @Test
  void theStoreIsFoundByUrl() {
    try (Store s = Micro.store(URL)) {
      Scope scope = scope("by-url");
      s.write(scope, Record.of("k", new byte[] {7}));
      assertThat(s.read(scope, "k")).get().extracting(Record::value).isEqualTo(new byte[] {7});
    }
  }

  @Test
  void databaseAndTableNamesWithSlashesDoNotShareANamespace() {
    Scope a = scope("b/c");
    Scope b = Scope.of(a.database() + "/b", "c");
    store.write(a, Record.of("k", new byte[] {1}));
    try {
      assertThat(store.read(b, "k")).isEmpty();
      assertThat(RedisStore.namespace(a)).isNotEqualTo(RedisStore.namespace(b));
    } finally {
      store.delete(b, "k");
    }
  }

  @Test
  void globCharactersAreEscaped() {
    assertThat(RedisStore.glob("a*b?[c]\\")).isEqualTo("a\\*b\\?\\[c\\]\\\\");
  }
}
