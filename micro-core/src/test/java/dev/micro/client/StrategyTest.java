package dev.micro.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.registry.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrategyTest {
  private static final List<Node> NODES = List.of(node("a"), node("b"), node("c"));

  static Node node(String id) {
    return new Node(id, id + ":1", Map.of());
  }

  static Strategy.Selection selection(Optional<String> key, Map<String, Integer> inFlight) {
    return new Strategy.Selection() {
      @Override
      public String service() {
        return "svc";
      }

      @Override
      public Optional<String> key() {
        return key;
      }

      @Override
      public int inFlight(Node node) {
        return inFlight.getOrDefault(node.id(), 0);
      }

      @Override
      public double latencyMicros(Node node) {
        return 100;
      }
    };
  }

  @Test
  void roundRobinRotatesAcrossCalls() {
    Strategy rr = Strategy.roundRobin();
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(rr.pick(NODES, selection(Optional.empty(), Map.of())).id());
    }
    // Every window of three consecutive calls visits every node once.
    assertThat(picked.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(picked.subList(3, 6)).isEqualTo(picked.subList(0, 3));
  }

  @Test
  void consistentHashKeepsAKeyOnOneNodeAndMovesFewKeysWhenANodeLeaves() {
    Strategy hash = Strategy.consistentHash();
    Map<String, String> before = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      String key = "user-" + i;
      String first = hash.pick(NODES, selection(Optional.of(key), Map.of())).id();
      assertThat(hash.pick(NODES, selection(Optional.of(key), Map.of())).id()).isEqualTo(first);
      before.put(key, first);
    }
    List<Node> fewer = List.of(node("a"), node("b"));
    int moved = 0;
    for (var e : before.entrySet()) {
      String now = hash.pick(fewer, selection(Optional.of(e.getKey()), Map.of())).id();
      if (!e.getValue().equals("c") && !now.equals(e.getValue())) {
        moved++;
      }
    }
    assertThat(moved).as("keys of surviving nodes that moved").isZero();
    assertThat(before.values()).contains("a", "b", "c");
  }

  @Test
  void leastLoadedPrefersTheNodeWithFewerCallsInFlight() {
    Strategy p2c = Strategy.leastLoaded();
    List<Node> two = List.of(node("busy"), node("idle"));
    for (int i = 0; i < 50; i++) {
      assertThat(p2c.pick(two, selection(Optional.empty(), Map.of("busy", 10))).id()).isEqualTo("idle");
    }
  }

  @Test
  void strategiesAreFoundByName() {
    assertThat(Strategy.named("roundrobin").toString()).isEqualTo("roundrobin");
    assertThat(Strategy.named("least-loaded").toString()).isEqualTo("leastloaded");
    assertThat(Strategy.named("hash").toString()).isEqualTo("hash");
  }
}
