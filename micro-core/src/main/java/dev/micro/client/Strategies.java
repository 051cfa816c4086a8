package dev.micro.client;

import dev.micro.registry.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The built-in strategies behind {@link Strategy}'s factory methods. */
final class Strategies {
  private Strategies() {}

  static final Strategy RANDOM = new Strategy() {
    @Override
    public Node pick(List<Node> nodes, Selection s) {
      return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    }

    @Override
    public String toString() {
      return "random";
    }
  };

  static final class RoundRobin implements Strategy {
    private final Map<String, AtomicLong> next = new ConcurrentHashMap<>();

    @Override
    public Node pick(List<Node> nodes, Selection s) {
      long n = next.computeIfAbsent(s.service(), k -> new AtomicLong(ThreadLocalRandom.current().nextInt(1024))).getAndIncrement();
      return nodes.get((int) Math.floorMod(n, (long) nodes.size()));
    }

    @Override
    public String toString() {
      return "roundrobin";
    }
  }

  static final Strategy LEAST_LOADED = new Strategy() {
    @Override
    public Node pick(List<Node> nodes, Selection s) {
      if (nodes.size() == 1) {
        return nodes.get(0);
      }
      ThreadLocalRandom r = ThreadLocalRandom.current();
      int i = r.nextInt(nodes.size());
      int j = r.nextInt(nodes.size() - 1);
      if (j >= i) {
        j++;
      }
      Node a = nodes.get(i);
      Node b = nodes.get(j);
      return score(a, s) <= score(b, s) ? a : b;
    }

    private double score(Node n, Selection s) {
      double latency = s.latencyMicros(n);
      return (s.inFlight(n) + 1) * (latency <= 0 ? 1 : latency);
    }

    @Override
    public String toString() {
      return "leastloaded";
    }
  };

  static final class ConsistentHash implements Strategy {
    private static final int POINTS = 160;

    private record Ring(List<Node> nodes, TreeMap<Long, Node> points) {}

    private volatile Ring ring = new Ring(List.of(), new TreeMap<>());

    @Override
    public Node pick(List<Node> nodes, Selection s) {
      if (s.key().isEmpty()) {
        return RANDOM.pick(nodes, s);
      }
      Ring r = ring;
      if (!r.nodes.equals(nodes)) {
        TreeMap<Long, Node> points = new TreeMap<>();
        for (Node n : nodes) {
          for (int i = 0; i < POINTS; i++) {
            points.put(hash(n.id() + "#" + i), n);
          }
        }
        r = new Ring(List.copyOf(nodes), points);
        ring = r;
      }
      Map.Entry<Long, Node> e = r.points.ceilingEntry(hash(s.key().get()));
      return e != null ? e.getValue() : r.points.firstEntry().getValue();
    }

    @Override
    public String toString() {
      return "hash";
    }
  }

  /** 64-bit FNV-1a, then a murmur finaliser to spread nearby keys. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
