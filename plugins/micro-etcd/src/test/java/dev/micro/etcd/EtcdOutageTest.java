package dev.micro.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import dev.micro.testing.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The etcd server goes away (a proxy in front of it is cut) and comes back. */
class EtcdOutageTest {
  private static final Duration TTL = Duration.ofSeconds(2);

  @Test
  void callsFailFastWhileTheServerIsAwayAndTheNextHeartbeatRegistersTheNodeAgain() throws Exception {
    String[] target = EtcdRegistryContractTest.ETCD.split(":");
    String svc = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    Node node = new Node(svc + "-1", "127.0.0.1:9090", Map.of("protocol", "grpc"));
    ServiceRecord record = new ServiceRecord(svc, "latest", Map.of(), List.of(), List.of(node));
    try (TcpProxy proxy = TcpProxy.start(target[0], Integer.parseInt(target[1]));
         EtcdRegistry registry = EtcdRegistry.create(PluginUri.parse("etcd://127.0.0.1:" + proxy.port() + "?timeout=2s"));
         EtcdRegistry observer = EtcdRegistry.create(EtcdRegistryContractTest.ETCD)) {
      registry.register(record, TTL);
      assertThat(observer.getService(svc)).isNotEmpty();

      proxy.cut();

      long start = System.nanoTime();
      assertThatThrownBy(() -> registry.getService(svc))
          .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThatThrownBy(() -> registry.register(record, TTL))
          .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      // With no keep-alive reaching etcd, the lease runs out and the node goes.
      await().atMost(Duration.ofSeconds(10)).until(() -> observer.getService(svc).isEmpty());

      proxy.restore();

      // As a service's heartbeat does: register again until it takes.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
        registry.register(record, TTL);
        return true;
      });
      assertThat(observer.getService(svc)).singleElement()
          .satisfies(s -> assertThat(s.nodes()).containsExactly(node));
      assertThat(registry.getService(svc)).isEqualTo(observer.getService(svc));
      registry.deregister(record);
    }
  }
}
