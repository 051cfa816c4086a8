package dev.micro.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Store;
import dev.micro.testing.TcpProxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisStoreOutageTest {
  @Test
  void theSameStoreWorksAgainAfterTheServerComesBack() {
    String database = "outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (TcpProxy proxy = TcpProxy.start(6379);
        RedisStore viaProxy = RedisStore.create(PluginUri.parse("redis://127.0.0.1:" + proxy.port() + "/0?timeout=2s"))) {
      Store store = viaProxy.scoped(database, "records");
      try {
        store.write(Record.of("before", new byte[] {1}));

        proxy.cut();
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.write(Record.of("during", new byte[] {2})))
            .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThatThrownBy(() -> store.read("before"))
            .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));

        proxy.restore();
        await().atMost(Duration.ofSeconds(20)).ignoreException(MicroException.class)
            .until(() -> store.read("before").isPresent());
        store.write(Record.of("after", new byte[] {3}));
        assertThat(store.list()).containsExactly("after", "before");
      } finally {
        await().atMost(Duration.ofSeconds(20)).ignoreException(MicroException.class).until(() -> {
          store.list(Query.all()).forEach(store::delete);
          return true;
        });
      }
    }
  }
}
