package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.nats.NatsBroker;
import dev.micro.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two services on a nats-server of the test's own: the server is killed and started again, and
 * the same services, never restarted, reconnect and go on publishing and receiving.
 */
class NatsRestartEndToEndTest {
  /** The event of this test. */
  public record OrderPlaced(String id) {}

  /** Something for the publishing service to serve. */
  public static final class Ping {
    public String ping(String s) {
      return s;
    }
  }

  @TempDir Path registryDir;
  @TempDir Path natsStore;

  @Test
  void servicesKeepPublishingAndReceivingAcrossANatsServerRestart() {
    int port = ServerProcess.freePort();
    String broker = "nats://127.0.0.1:" + port + "?reconnectWait=100ms";
    Queue<String> got = new ConcurrentLinkedQueue<>();
    try (ServerProcess nats = ServerProcess.start("Server is ready", ServerProcess.executable("nats-server", "nats-server")
        .toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", natsStore.toString())) {
      Service billing = Micro.service("billing").registry(Fixtures.registryUrl(registryDir)).broker(broker)
          .subscribe("orders.placed", OrderPlaced.class, (order, md) -> got.add(order.id())).start();
      Service shop = Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).broker(broker)
          .handle(new Ping()).start();
      try {
        shop.publish("orders.placed", new OrderPlaced("o1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("o1"));

        nats.kill();
        NatsBroker shopBroker = (NatsBroker) shop.broker();
        NatsBroker billingBroker = (NatsBroker) billing.broker();
        await().atMost(Duration.ofSeconds(10)).until(() -> !shopBroker.isConnected() && !billingBroker.isConnected());
        nats.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> shopBroker.isConnected() && billingBroker.isConnected());

        // Core NATS is at most once: what is published before the subscriber's subscription is back
        // may be lost, so publish until one arrives, then expect everything after it.
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          shop.publish("orders.placed", new OrderPlaced("after-" + n.incrementAndGet()));
          assertThat(got).anyMatch(id -> id.startsWith("after-"));
        });
        for (int i = 0; i < 20; i++) {
          shop.publish("orders.placed", new OrderPlaced("more-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("more-19"));
        assertThat(got).first().isEqualTo("o1");
        assertThat(got).filteredOn(id -> id.startsWith("more-")).hasSize(20);
      } finally {
        shop.stop();
        billing.stop();
      }
    }
  }
}
