package dev.micro.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import dev.micro.testing.StoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreContractTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return FileStore.create(dir);
  }

  @Test
  void recordsOutliveTheStoreThatWroteThem() {
    Scope scope = scope("durable");
    store.write(scope, Record.of("k", "v".getBytes(StandardCharsets.UTF_8)));
    try (Store again = Micro.store("file://" + dir)) {
      assertThat(again.read(scope, "k")).get().extracting(Record::value).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void eachDatabaseIsOneFileAndTablesDifferingInCaseStayApart() {
    store.write(Scope.of("service/greeter", "Users"), Record.of("k", new byte[] {1}));
    store.write(Scope.of("service/greeter", "users"), Record.of("k", new byte[] {2}));
    store.write(Scope.of("service/greeter", "sqlite_master"), Record.of("k", new byte[] {3}));

    assertThat(store.read(Scope.of("service/greeter", "Users"), "k").orElseThrow().value()).containsExactly(1);
    assertThat(store.read(Scope.of("service/greeter", "users"), "k").orElseThrow().value()).containsExactly(2);
    assertThat(store.read(Scope.of("service/greeter", "sqlite_master"), "k").orElseThrow().value()).containsExactly(3);
    assertThat(Files.exists(dir.resolve("service%2Fgreeter.db"))).isTrue();
  }

  @Test
  void theDefaultStoreIsTheFileStore() {
    assertThat(Micro.defaultStoreUrl()).isEqualTo("file://");
  }
}
