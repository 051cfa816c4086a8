package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.client.Strategy;
import dev.micro.registry.Endpoint;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection across three nodes of one service, over real sockets. */
class LoadBalancingTest {
  @TempDir Path registryDir;
  final List<Service> nodes = new ArrayList<>();

  @BeforeEach
  void start() {
    for (String n : List.of("n1", "n2", "n3")) {
      nodes.add(Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).handle(new Shop(n, null)).start());
    }
  }

  @AfterEach
  void stop() {
    nodes.forEach(Service::stop);
  }

  private Client client(Strategy s) {
    return Micro.client().registry(Fixtures.registryUrl(registryDir)).localCalls(false).strategy(s).build();
  }

  private String buy(Client c, CallOptions o) {
    return c.call("shop", "Shop.Buy", new Shop.Order("tea", 1), Shop.Receipt.class, o).node();
  }

  @Test
  void roundRobinRotatesAcrossCalls() {
    try (Client c = client(Strategy.roundRobin())) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        seen.add(buy(c, CallOptions.DEFAULT));
      }
      for (int i = 0; i < 9; i += 3) {
        assertThat(seen.subList(i, i + 3)).containsExactlyInAnyOrder("n1", "n2", "n3");
      }
    }
  }

  @Test
  void randomSpreadsOverEveryNode() {
    try (Client c = client(Strategy.random())) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        counts.merge(buy(c, CallOptions.DEFAULT), 1, Integer::sum);
      }
      assertThat(counts).containsOnlyKeys("n1", "n2", "n3");
      assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThan(30));
    }
  }

  @Test
  void leastLoadedUsesEveryNodeUnderConcurrentLoad() throws InterruptedException {
    try (Client c = client(Strategy.leastLoaded())) {
      Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        threads.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < 100; i++) {
            counts.merge(buy(c, CallOptions.DEFAULT), 1, Integer::sum);
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(800);
      assertThat(counts).containsOnlyKeys("n1", "n2", "n3");
    }
  }

  @Test
  void consistentHashingKeepsAKeyOnOneNode() {
    try (Client c = client(Strategy.consistentHash())) {
      Set<String> forAlice = new HashSet<>();
      Set<String> all = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        forAlice.add(buy(c, CallOptions.DEFAULT.withKey("alice")));
        all.add(buy(c, CallOptions.DEFAULT.withKey("user-" + i)));
      }
      assertThat(forAlice).hasSize(1);
      assertThat(all).hasSizeGreaterThan(1);
    }
  }

  @Test
  void aDeadNodeInTheRegistryIsRetriedAroundAndEjected() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Registry registry = Micro.registry(Fixtures.registryUrl(registryDir));
    ServiceRecord ghost = new ServiceRecord("shop", "latest", Map.of(), List.<Endpoint>of(),
        List.of(new Node("shop-ghost", "127.0.0.1:" + closedPort, Map.of("transport", "grpc", "protocol", "grpc"))));
    registry.register(ghost, Duration.ofMinutes(1));
    try (Client c = client(Strategy.roundRobin())) {
      assertThat(registry.getService("shop").get(0).nodes()).hasSize(4);
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < 40; i++) {
        counts.merge(buy(c, CallOptions.DEFAULT.withIdempotent(false)), 1, Integer::sum);
      }
      assertThat(counts).containsOnlyKeys("n1", "n2", "n3");
    } finally {
      registry.deregister(ghost);
      registry.close();
    }
  }

  @Test
  void aStoppedNodeStopsGettingCalls() {
    try (Client c = client(Strategy.roundRobin())) {
      buy(c, CallOptions.DEFAULT);
      nodes.remove(0).stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
          seen.add(buy(c, CallOptions.DEFAULT));
        }
        return seen.equals(Set.of("n2", "n3"));
      });
    }
  }
}
