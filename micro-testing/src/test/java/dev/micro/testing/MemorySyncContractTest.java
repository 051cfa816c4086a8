package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.sync.MemorySync;
import dev.micro.sync.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemorySyncContractTest extends LockContract {
  private final MemorySync origin = MemorySync.create();

  @Override
  protected Sync newSync() {
    return origin.peer();
  }

  @Override
  protected void kill(Sync sync) {
    ((MemorySync) sync).abandon();
  }

  @AfterEach
  void closeOrigin() {
    origin.close();
  }

  @Test
  void theMemoryUrlMakesAMemorySync() {
    try (Sync sync = Micro.sync("memory://")) {
      assertThat(sync).isInstanceOf(MemorySync.class);
      assertThat(sync.describe()).isEqualTo("memory://");
    }
  }
}
