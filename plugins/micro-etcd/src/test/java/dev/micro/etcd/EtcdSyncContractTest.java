package dev.micro.etcd;

import java.util.Optional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.sync.Sync;
import dev.micro.testing.LockContract;
import org.junit.jupiter.api.Test;

class EtcdSyncContractTest extends LockContract {
  @Override
  protected Sync newSync() {
    return EtcdSync.create(EtcdRegistryContractTest.ETCD);
  }

  /** Stops keep-alives without revoking, so the lock must pass over by lease expiry. */
  @Override
  protected void kill(Sync sync) {
    ((EtcdSync) sync).abandon();
  }

  @Test
  void theEtcdUrlMakesAnEtcdSync() {
    try (Sync sync = Micro.sync("etcd://" + EtcdRegistryContractTest.ETCD + "?timeout=3s")) {
      assertThat(sync).isInstanceOf(EtcdSync.class);
    }
  }

  @Override
  protected Optional<String> processUrl() {
    return Optional.of("etcd://" + EtcdRegistryContractTest.ETCD);
  }
}
