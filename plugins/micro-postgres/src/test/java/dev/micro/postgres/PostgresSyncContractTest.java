package dev.micro.postgres;

import java.util.Optional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import dev.micro.testing.LockContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Locks and leaders on PostgreSQL at 127.0.0.1:5432, database {@code test}. */
class PostgresSyncContractTest extends LockContract {
  static final String URL = "postgres://postgres@127.0.0.1:5432/test?pool=4";

  @Override
  protected Sync newSync() {
    return PostgresSync.create(PluginUri.parse(URL));
  }

  @Override
  protected void kill(Sync sync) {
    ((PostgresSync) sync).abandon();
  }

  @Test
  void theSyncIsFoundByUrl() throws InterruptedException {
    try (Sync s = Micro.sync(URL)) {
      Lock lock = s.lock("by-url-" + System.nanoTime(), Duration.ofSeconds(5), Duration.ZERO);
      assertThat(lock.fencingToken()).isPositive();
      lock.unlock();
    }
  }

  @Override
  protected Optional<String> processUrl() {
    return Optional.of(URL);
  }
}
