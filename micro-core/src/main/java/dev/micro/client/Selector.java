package dev.micro.client;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.registry.Endpoint;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client-side load balancing over discovery. Keeps a cached view of each service's nodes, kept
 * fresh by a registry watch (one virtual thread per service called) and a periodic refresh; serves
 * the last good view if the registry is unreachable. Tracks, per node, the calls in flight and a
 * smoothed latency for {@link Strategy#leastLoaded()}, and ejects a node that fails for a while
 * (outlier detection): a connect failure ejects at once, three failures in a row otherwise; the
 * ejection doubles each time up to a minute and a success resets it. Safe for concurrent use.
 */
public final class Selector implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Selector.class.getName());
  private static final Duration MAX_EJECTION = Duration.ofMinutes(1);
  private static final double LATENCY_DECAY_SECONDS = 0.5;

  private record View(List<Node> nodes, Map<String, Endpoint> endpoints, long fetchedNanos) {}

  private static final class NodeState {
    final AtomicInteger inFlight = new AtomicInteger();
    volatile double latencyMicros;
    volatile long latencyAtNanos;
    int failures;
    int ejections;
    volatile long ejectedUntilNanos;
  }

  private final Registry registry;
  private final Duration ejection;
  private final Duration refresh;
  private final Map<String, View> views = new ConcurrentHashMap<>();
  private final Map<String, Thread> watchers = new ConcurrentHashMap<>();
  private final Map<String, NodeState> states = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param ejection how long a failing node is first left out (default 5 s)
   * @param refresh how often a view is reloaded even without watch events (default 30 s)
   */
  public Selector(Registry registry, Duration ejection, Duration refresh) {
    this.registry = registry;
    this.ejection = ejection;
    this.refresh = refresh;
  }

  public Selector(Registry registry) {
    this(registry, Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  public Registry registry() {
    return registry;
  }

  /** The live nodes of {@code service}, sorted by id; empty if it has none. */
  public List<Node> nodes(String service) {
    return view(service).nodes;
  }

  /** The registered endpoint, if the service's record lists it. */
  public Optional<Endpoint> endpoint(String service, String endpoint) {
    return Optional.ofNullable(view(service).endpoints.get(endpoint));
  }

  /**
   * Picks a node for a call.
   *
   * @param exclude ids of nodes already tried by this call
   * @throws MicroException NOT_FOUND if the service has no node, UNAVAILABLE if every node was tried
   */
  public Node select(String service, Strategy strategy, Optional<String> key, Set<String> exclude) {
    List<Node> all = nodes(service);
    if (all.isEmpty()) {
      throw new MicroException(Status.NOT_FOUND.withDescription("service %s not found in registry %s", service, registry.describe()), "micro.client");
    }
    long now = System.nanoTime();
    List<Node> healthy = new ArrayList<>(all.size());
    List<Node> untried = new ArrayList<>(all.size());
    for (Node n : all) {
      if (exclude.contains(n.id())) {
        continue;
      }
      untried.add(n);
      NodeState st = states.get(n.id());
      if (st == null || st.ejectedUntilNanos - now <= 0) {
        healthy.add(n);
      }
    }
    // When every untried node is ejected, try them anyway rather than fail outright.
    List<Node> candidates = healthy.isEmpty() ? untried : healthy;
    if (candidates.isEmpty()) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("all %d nodes of %s failed", all.size(), service), "micro.client");
    }
    return strategy.pick(candidates, new Strategy.Selection() {
      @Override
      public String service() {
        return service;
      }

      @Override
      public Optional<String> key() {
        return key;
      }

      @Override
      public int inFlight(Node node) {
        NodeState st = states.get(node.id());
        return st == null ? 0 : st.inFlight.get();
      }

      @Override
      public double latencyMicros(Node node) {
        NodeState st = states.get(node.id());
        if (st == null) {
          return 0;
        }
        // A latency not refreshed for a while fades, so a node that was once slow gets tried again.
        double idleSeconds = (System.nanoTime() - st.latencyAtNanos) / 1e9;
        return st.latencyMicros * Math.exp(-idleSeconds / LATENCY_DECAY_SECONDS);
      }
    });
  }

  /** Records the start of a call to {@code node}. */
  public void started(Node node) {
    state(node).inFlight.incrementAndGet();
  }

  /** Records a successful call. */
  public void succeeded(Node node, long nanos) {
    NodeState st = state(node);
    st.inFlight.decrementAndGet();
    double micros = nanos / 1000.0;
    double old = st.latencyMicros;
    st.latencyMicros = old == 0 ? micros : old * 0.8 + micros * 0.2;
    st.latencyAtNanos = System.nanoTime();
    if (st.failures != 0 || st.ejections != 0) {
      synchronized (st) {
        st.failures = 0;
        st.ejections = 0;
      }
    }
  }

  /**
   * Records a failed call. {@code unreachable} (a connect failure) ejects the node at once; other
   * availability failures eject it after three in a row; other errors are the service's answers
   * and count as success for health.
   */
  public void failed(Node node, boolean unreachable, boolean unavailable) {
    NodeState st = state(node);
    st.inFlight.decrementAndGet();
    if (!unreachable && !unavailable) {
      return;
    }
    synchronized (st) {
      st.failures++;
      if (unreachable || st.failures >= 3) {
        long base = ejection.toNanos() << Math.min(st.ejections, 4);
        long d = Math.min(base, MAX_EJECTION.toNanos());
        st.ejectedUntilNanos = System.nanoTime() + d;
        st.ejections++;
        st.failures = 0;
        LOG.log(System.Logger.Level.DEBUG, "ejected node {0} for {1} ms", node.id(), d / 1_000_000);
      }
    }
  }

  /** Whether {@code node} is ejected now. */
  public boolean isEjected(Node node) {
    NodeState st = states.get(node.id());
    return st != null && st.ejectedUntilNanos - System.nanoTime() > 0;
  }

  private NodeState state(Node node) {
    return states.computeIfAbsent(node.id(), k -> new NodeState());
  }

  private View view(String service) {
    View v = views.get(service);
    long now = System.nanoTime();
    if (v == null) {
      v = load(service, null);
      watch(service);
    } else if (now - v.fetchedNanos > refresh.toNanos() || (v.nodes.isEmpty() && now - v.fetchedNanos > 200_000_000L)) {
      v = load(service, v);
    }
    return v;
  }

  private View load(String service, View stale) {
    try {
      List<ServiceRecord> records = registry.getService(service);
      Map<String, Node> nodes = new HashMap<>();
      Map<String, Endpoint> endpoints = new HashMap<>();
      for (ServiceRecord r : records) {
        r.nodes().forEach(n -> nodes.put(n.id(), n));
        r.endpoints().forEach(e -> endpoints.putIfAbsent(e.name(), e));
      }
      List<Node> sorted = new ArrayList<>(nodes.values());
      sorted.sort(Comparator.comparing(Node::id));
      View v = new View(List.copyOf(sorted), Map.copyOf(endpoints), System.nanoTime());
      views.put(service, v);
      return v;
    } catch (RuntimeException e) {
      if (stale != null) {
        LOG.log(System.Logger.Level.WARNING, "registry lookup of {0} failed; using the last known nodes: {1}", service, e.getMessage());
        return stale;
      }
      throw new MicroException(Status.UNAVAILABLE.withDescription("registry %s failed looking up %s: %s", registry.describe(), service, e.getMessage()).withCause(e), "micro.client");
    }
  }

  private void watch(String service) {
    watchers.computeIfAbsent(service, s -> Thread.ofVirtual().name("micro-selector-watch-" + s).start(() -> {
      while (!closed) {
        try (Registry.Watcher w = registry.watch(Optional.of(s))) {
          load(s, views.get(s));
          while (!closed) {
            if (w.next(Duration.ofSeconds(1)).isPresent()) {
              load(s, views.get(s));
            }
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (closed) {
            return;
          }
          LOG.log(System.Logger.Level.DEBUG, "watch of {0} failed, retrying: {1}", s, e.getMessage());
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }));
  }

  @Override
  public void close() {
    closed = true;
    watchers.values().forEach(Thread::interrupt);
  }
}
