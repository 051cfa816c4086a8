package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.Service;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping deregisters first, lets calls in flight finish, then closes. */
class ShutdownTest {
  @TempDir Path registryDir;

  @Test
  void stopDeregistersThenDrainsTheCallInFlight() throws Exception {
    Shop shop = new Shop("n1", null);
    Service svc = Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).handle(shop).start();
    try (Client client = Fixtures.wireClient(registryDir);
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<Shop.Receipt> inFlight = CompletableFuture.supplyAsync(
          () -> client.call("shop", "Shop.Slow", new Shop.Order("tea", 1), Shop.Receipt.class), pool);
      assertThat(shop.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(svc::stop, pool);
      org.awaitility.Awaitility.await().until(() -> svc.registry().getService("shop").isEmpty());
      assertThat(stopping).isNotDone();
      shop.slowRelease.countDown();
      assertThat(inFlight.get(10, TimeUnit.SECONDS).item()).isEqualTo("tea");
      stopping.get(10, TimeUnit.SECONDS);
      assertThat(svc.isStopped()).isTrue();
    }
  }
}
