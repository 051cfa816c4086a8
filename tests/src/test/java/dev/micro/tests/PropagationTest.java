package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.Service;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that calls onward passes on its caller's metadata and what is left of its deadline. */
class PropagationTest {
  @TempDir Path registryDir;

  @Test
  void metadataAndDeadlineTravelOnward() {
    String url = Fixtures.registryUrl(registryDir);
    try (Client onward = Micro.client().registry(url).localCalls(false).build();
        Service back = Micro.service("back").registry(url).handle(new Shop("back", null)).start();
        Service front = Micro.service("front").registry(url).handle(new Shop("front", onward)).start();
        Client client = Fixtures.wireClient(registryDir)) {
      Shop.Receipt r = client.call("front", "Shop.Forward", new Shop.Order("back", 3), Shop.Receipt.class,
          CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(4)).withMetadata("Caller", "alice"));
      assertThat(r.node()).isEqualTo("back");
      assertThat(r.caller()).isEqualTo("alice");
      assertThat(r.deadlineMillis()).isBetween(1L, 4000L);
    }
  }
}
