package dev.micro.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A registry held in this process's memory ({@code memory://}): for tests and for services that
 * only call each other inside one JVM. Nodes expire at their TTL; a background virtual thread
 * prunes them every {@code pruneInterval} and tells watchers.
 */
public final class MemoryRegistry implements Registry {
  private record Entry(ServiceRecord service, Node node, long expiresAtNanos) {}

  private final ReentrantLock lock = new ReentrantLock();
  // service name -> node id -> entry
  private final Map<String, Map<String, Entry>> services = new LinkedHashMap<>();
  private final List<WatcherQueue> watchers = new CopyOnWriteArrayList<>();
  private final Thread pruner;
  private volatile boolean closed;

  /** A registry that prunes expired nodes every second. */
  public MemoryRegistry() {
    this(Duration.ofSeconds(1));
  }

  public MemoryRegistry(Duration pruneInterval) {
    Objects.requireNonNull(pruneInterval, "pruneInterval");
    this.pruner = Thread.ofVirtual().name("micro-memory-registry-pruner").start(() -> {
      while (!closed) {
        try {
          Thread.sleep(pruneInterval);
        } catch (InterruptedException e) {
          return;
        }
        prune();
      }
    });
  }

  @Override
  public void register(ServiceRecord service, Duration ttl) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    long expires = System.nanoTime() + ttl.toNanos();
    List<RegistryEvent> events = new ArrayList<>();
    lock.lock();
    try {
      ensureOpen();
      Map<String, Entry> nodes = services.computeIfAbsent(service.name(), k -> new LinkedHashMap<>());
      for (Node n : service.nodes()) {
        Entry old = nodes.put(n.id(), new Entry(service.withNodes(List.of()), n, expires));
        boolean changed = old == null || !old.node.equals(n) || !old.service.equals(service.withNodes(List.of()));
        if (changed) {
          events.add(new RegistryEvent(old == null ? RegistryEvent.Action.CREATE : RegistryEvent.Action.UPDATE, service.withNodes(List.of(n))));
        }
      }
    } finally {
      lock.unlock();
    }
    events.forEach(this::notifyWatchers);
  }

  @Override
  public void deregister(ServiceRecord service) {
    List<RegistryEvent> events = new ArrayList<>();
    lock.lock();
    try {
      Map<String, Entry> nodes = services.get(service.name());
      if (nodes == null) {
        return;
      }
      for (Node n : service.nodes()) {
        Entry old = nodes.remove(n.id());
        if (old != null) {
          events.add(new RegistryEvent(RegistryEvent.Action.DELETE, old.service.withNodes(List.of(old.node))));
        }
      }
      if (nodes.isEmpty()) {
        services.remove(service.name());
      }
    } finally {
      lock.unlock();
    }
    events.forEach(this::notifyWatchers);
  }

  @Override
  public List<ServiceRecord> getService(String name) {
    long now = System.nanoTime();
    Map<String, ServiceRecord> byVersion = new LinkedHashMap<>();
    Map<String, List<Node>> nodesByVersion = new LinkedHashMap<>();
    lock.lock();
    try {
      Map<String, Entry> nodes = services.get(name);
      if (nodes == null) {
        return List.of();
      }
      for (Entry e : nodes.values()) {
        if (e.expiresAtNanos - now <= 0) {
          continue;
        }
        byVersion.putIfAbsent(e.service.version(), e.service);
        nodesByVersion.computeIfAbsent(e.service.version(), k -> new ArrayList<>()).add(e.node);
      }
    } finally {
      lock.unlock();
    }
    List<ServiceRecord> out = new ArrayList<>();
    byVersion.forEach((v, s) -> out.add(s.withNodes(nodesByVersion.get(v))));
    return out;
  }

  @Override
  public List<ServiceRecord> listServices() {
    List<String> names;
    lock.lock();
    try {
      names = new ArrayList<>(services.keySet());
    } finally {
      lock.unlock();
    }
    List<ServiceRecord> out = new ArrayList<>();
    for (String n : names) {
      for (ServiceRecord s : getService(n)) {
        out.add(s.withNodes(List.of()));
      }
    }
    return out;
  }

  @Override
  public Watcher watch(Optional<String> service) {
    ensureOpen();
    WatcherQueue w = new WatcherQueue(service, watchers::remove);
    watchers.add(w);
    return w;
  }

  @Override
  public String describe() {
    return "memory://";
  }

  private void prune() {
    long now = System.nanoTime();
    List<RegistryEvent> events = new ArrayList<>();
    lock.lock();
    try {
      var it = services.entrySet().iterator();
      while (it.hasNext()) {
        Map<String, Entry> nodes = it.next().getValue();
        nodes.values().removeIf(e -> {
          boolean expired = e.expiresAtNanos - now <= 0;
          if (expired) {
            events.add(new RegistryEvent(RegistryEvent.Action.DELETE, e.service.withNodes(List.of(e.node))));
          }
          return expired;
        });
        if (nodes.isEmpty()) {
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
    events.forEach(this::notifyWatchers);
  }

  private void notifyWatchers(RegistryEvent e) {
    for (WatcherQueue w : watchers) {
      w.offer(e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("registry closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    pruner.interrupt();
    for (WatcherQueue w : watchers) {
      w.close();
    }
  }
}
