package dev.micro.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Record;
import dev.micro.store.Store;
import dev.micro.testing.TcpProxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresStoreOutageTest {
  @Test
  void theSameStoreWorksAgainAfterTheServerComesBack() {
    String database = "outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (TcpProxy proxy = TcpProxy.start(5432);
        PostgresStore direct = PostgresStore.create(PluginUri.parse(PostgresStoreContractTest.URL));
        PostgresStore viaProxy = PostgresStore.create(PluginUri.parse(
            "postgres://postgres@127.0.0.1:" + proxy.port() + "/test?connectTimeout=2s"))) {
      try {
        Store store = viaProxy.scoped(database, "records");
        store.write(Record.of("before", new byte[] {1}));

        proxy.cut();
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.write(Record.of("during", new byte[] {2})))
            .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThatThrownBy(() -> store.read("before"))
            .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        proxy.restore();
        await().atMost(Duration.ofSeconds(20)).ignoreException(MicroException.class)
            .until(() -> store.read("before").isPresent());
        store.write(Record.of("after", new byte[] {3}));
        assertThat(store.list()).containsExactly("after", "before");
      } finally {
        direct.dropDatabase(database);
      }
    }
  }
}
