package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's own store is scoped to {@code service/<name>}, as go-micro scopes it. */
class ServiceStoreTest {
  @TempDir Path registryDir;
  @TempDir Path storeDir;

  @Test
  void aServiceWritesIntoItsOwnScopeAndClosesTheStoreItOpened() {
    String url = "file://" + storeDir.toAbsolutePath();
    Service orders = Micro.service("orders").registry(Fixtures.registryUrl(registryDir)).store(url)
        .handle(new Shop("n1", null)).start();
    try {
      orders.store().write(Record.of("order/1", new byte[] {42}));
      assertThat(orders.store().read("order/1")).get().extracting(Record::value).isEqualTo(new byte[] {42});
    } finally {
      orders.stop();
    }
    assertThatThrownBy(orders::store).isInstanceOf(IllegalStateException.class);
    try (Store raw = Micro.store(url)) {
      assertThat(raw.read(Scope.forService("orders"), "order/1")).isPresent();
      assertThat(raw.read(Scope.DEFAULT, "order/1")).isEmpty();
    }
  }
}
