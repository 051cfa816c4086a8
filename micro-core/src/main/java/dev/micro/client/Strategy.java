package dev.micro.client;

import dev.micro.registry.Node;
import java.util.List;
import java.util.Optional;

/**
 * Picks the node for a call among the live, non-ejected nodes of a service. Implementations must
 * be safe for concurrent use; state such as a round-robin position lives in the strategy, so it
 * carries across calls.
 *
 * <pre>{@code
 * Micro.service("web").strategy(Strategy.leastLoaded())...
 * client.call(..., CallOptions.DEFAULT.withStrategy(Strategy.consistentHash()).withKey(userId));
 * }</pre>
 */
public interface Strategy {
  /**
   * Picks one of {@code nodes}, which is never empty and is sorted by node id.
   */
  Node pick(List<Node> nodes, Selection selection);

  /** What a strategy may know about the call and the nodes. */
  interface Selection {
    String service();

    /** The key set with {@code CallOptions.withKey}, if any. */
    Optional<String> key();

    /** Calls this client has in flight to {@code node}. */
    int inFlight(Node node);

    /** This client's smoothed latency to {@code node} in microseconds; 0 when unknown. */
    double latencyMicros(Node node);
  }

  /** Uniformly random. */
  static Strategy random() {
    return Strategies.RANDOM;
  }

  /** Each call to a service goes to the next node in turn, across calls and threads. */
  static Strategy roundRobin() {
    return new Strategies.RoundRobin();
  }

  /**
   * Power of two choices: of two random nodes, the one with fewer calls in flight weighted by its
   * latency.
   */
  static Strategy leastLoaded() {
    return Strategies.LEAST_LOADED;
  }

  /**
   * A consistent-hash ring over the nodes (160 points a node): one key keeps going to one node, and
   * a node leaving moves only its own keys. Calls without a key are spread at random.
   */
  static Strategy consistentHash() {
    return new Strategies.ConsistentHash();
  }

  /** The strategy for a name: {@code random}, {@code roundrobin}, {@code leastloaded}, {@code hash}. */
  static Strategy named(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "")) {
      case "random" -> random();
      case "roundrobin", "rr" -> roundRobin();
      case "leastloaded", "p2c" -> leastLoaded();
      case "hash", "consistenthash" -> consistentHash();
      default -> throw new IllegalArgumentException("strategy: '" + name + "' (expected: random, roundrobin, leastloaded, hash)");
    };
  }
}
