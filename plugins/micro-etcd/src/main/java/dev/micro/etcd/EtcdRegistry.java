package dev.micro.etcd;

import dev.micro.MicroException;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Node;
import dev.micro.registry.RecordJson;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryEvent;
import dev.micro.registry.ServiceRecord;
import dev.micro.registry.WatcherQueue;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry on etcd ({@code etcd://host:2379[,host:2379...]}), in go-micro's layout so Go and Java
 * services share it: one key per node, {@code /micro/registry/<service>/<node id>} ('/' in either
 * part becomes '-'), holding go-micro's service JSON with that one node, on a lease of the TTL.
 *
 * <p>Each node's lease is kept alive by a long-lived keep-alive stream while the node is
 * registered again within its TTL; a node not refreshed within its TTL has its lease revoked, and a
 * node whose process dies disappears when etcd expires the lease. A re-register after an outage
 * that outlasted the lease grants a new one. Watches are etcd watches on the prefix. Every call
 * waits at most the client timeout ({@code ?timeout=5s}) and fails with {@code UNAVAILABLE}
 * while the server cannot be reached. Safe for concurrent use.
 */
public final class EtcdRegistry implements Registry {
  static final String PREFIX = "/micro/registry/";

  /** One node's lease, as this client keeps it alive. */
  private static final class Registration {
    final long lease;
    final long ttlSeconds;
    volatile String value;
    volatile long expiresAtNanos;
    volatile boolean dead;
    volatile CloseableClient keepAlive;

    Registration(long lease, long ttlSeconds, String value) {
      this.lease = lease;
      this.ttlSeconds = ttlSeconds;
      this.value = value;
    }

    void stop() {
      CloseableClient k = keepAlive;
      if (k != null) {
        k.close();
      }
    }
  }

  private final Etcd etcd;
  private final String url;
  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
  private final Map<WatcherQueue, Watch.Watcher> watchers = new ConcurrentHashMap<>();
  private final Thread expirer;
  private volatile boolean closed;

  private EtcdRegistry(Etcd etcd, String url) {
    this.etcd = etcd;
    this.url = url;
    this.expirer = Thread.ofVirtual().name("micro-etcd-registry-expirer").start(this::expireLoop);
  }

  /** A registry on the etcd servers of {@code uri}; see {@link EtcdRegistryProvider}. */
  public static EtcdRegistry create(PluginUri uri) {
    return new EtcdRegistry(Etcd.connect(uri), uri.toString());
  }

  /** A registry on the etcd server at {@code host:port}. */
  public static EtcdRegistry create(String hostPort) {
    return create(PluginUri.parse("etcd://" + Objects.requireNonNull(hostPort, "hostPort")));
  }

  static String key(String service, String nodeId) {
    return PREFIX + service.replace('/', '-') + "/" + nodeId.replace('/', '-');
  }

  @Override
  public void register(ServiceRecord service, Duration ttl) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    ensureOpen();
    for (Node node : service.nodes()) {
      registerNode(key(service.name(), node.id()), RecordJson.write(service.withNodes(List.of(node))), ttl);
    }
  }

  private void registerNode(String key, String value, Duration ttl) {
    long seconds = Etcd.seconds(ttl);
    Registration r = registrations.get(key);
    if (r != null && !r.dead && r.ttlSeconds == seconds) {
      try {
        if (refresh(key, r, value)) {
          r.expiresAtNanos = System.nanoTime() + ttl.toNanos();
          return;
        }
      } catch (MicroException e) {
        if (!Etcd.leaseGone(e)) {
          throw e;
        }
      }
    }
    long lease = etcd.await(etcd.client.getLeaseClient().grant(seconds), "grant lease").getID();
    Registration fresh = new Registration(lease, seconds, value);
    fresh.expiresAtNanos = System.nanoTime() + ttl.toNanos();
    put(key, value, lease);
    fresh.keepAlive = etcd.client.getLeaseClient().keepAlive(lease, observer(fresh));
    Registration old = registrations.put(key, fresh);
    if (old != null) {
      old.stop();
      revokeLater(old.lease);
    }
  }

  // Same value: one keep-alive shows the lease still exists. Changed value: put on the same lease.
  private boolean refresh(String key, Registration r, String value) {
    if (value.equals(r.value)) {
      LeaseKeepAliveResponse k = etcd.await(etcd.client.getLeaseClient().keepAliveOnce(r.lease), "keep lease alive");
      return k.getTTL() > 0;
    }
    put(key, value, r.lease);
    r.value = value;
    return true;
  }

  private void put(String key, String value, long lease) {
    etcd.await(etcd.client.getKVClient().put(Etcd.bytes(key), Etcd.bytes(value),
        PutOption.builder().withLeaseId(lease).build()), "register " + key);
  }

  private static StreamObserver<LeaseKeepAliveResponse> observer(Registration r) {
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse response) {
        if (response.getTTL() <= 0) {
          r.dead = true;
        }
      }

      @Override
      public void onError(Throwable t) {
        r.dead = true;
      }

      @Override
      public void onCompleted() {
        r.dead = true;
      }
    };
  }

  private void revokeLater(long lease) {
    etcd.client.getLeaseClient().revoke(lease).exceptionally(e -> null); // expires at its TTL otherwise
  }

  // A node not registered again within its TTL goes, as in every registry; revoking deletes its key.
  private void expireLoop() {
    while (!closed) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      registrations.forEach((key, r) -> {
        if (r.expiresAtNanos - now <= 0 && registrations.remove(key, r)) {
          r.stop();
          revokeLater(r.lease);
        }
      });
    }
  }

  @Override
  public void deregister(ServiceRecord service) {
    Objects.requireNonNull(service, "service");
    ensureOpen();
    for (Node node : service.nodes()) {
      String key = key(service.name(), node.id());
      Registration r = registrations.remove(key);
      if (r != null) {
        r.stop();
      }
      etcd.await(etcd.client.getKVClient().delete(Etcd.bytes(key)), "deregister " + key);
      if (r != null) {
        revokeLater(r.lease);
      }
    }
  }

  @Override
  public List<ServiceRecord> getService(String name) {
    Objects.requireNonNull(name, "name");
    Map<String, ServiceRecord> byVersion = new LinkedHashMap<>();
    Map<String, List<Node>> nodes = new LinkedHashMap<>();
    for (ServiceRecord s : read(PREFIX + name.replace('/', '-') + "/")) {
      if (!s.name().equals(name)) {
        continue; // another name that maps to the same key, such as "a/b" and "a-b"
      }
      byVersion.putIfAbsent(s.version(), s.withNodes(List.of()));
      nodes.computeIfAbsent(s.version(), v -> new ArrayList<>()).addAll(s.nodes());
    }
    List<ServiceRecord> out = new ArrayList<>();
    byVersion.forEach((v, s) -> out.add(s.withNodes(nodes.get(v))));
    return out;
  }

  @Override
  public List<ServiceRecord> listServices() {
    Map<String, ServiceRecord> seen = new LinkedHashMap<>();
    for (ServiceRecord s : read(PREFIX)) {
      seen.putIfAbsent(s.name() + "\0" + s.version(), s.withNodes(List.of()));
    }
    return List.copyOf(seen.values());
  }

  private List<ServiceRecord> read(String prefix) {
    ensureOpen();
    GetResponse r = etcd.await(etcd.client.getKVClient().get(Etcd.bytes(prefix),
        GetOption.builder().isPrefix(true).withSerializable(true).build()), "read " + prefix);
    List<ServiceRecord> out = new ArrayList<>();
    for (KeyValue kv : r.getKvs()) {
      parse(kv.getValue()).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<ServiceRecord> parse(ByteSequence value) {
    try {
      return Optional.of(RecordJson.read(Etcd.text(value)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a record of ours; go-micro skips these too
    }
  }

  @Override
  public Watcher watch(Optional<String> service) {
    Objects.requireNonNull(service, "service");
    ensureOpen();
    String prefix = service.map(s -> PREFIX + s.replace('/', '-') + "/").orElse(PREFIX);
    // Watch from the revision seen now, so every change after this call returns is delivered.
    long revision = etcd.await(etcd.client.getKVClient().get(Etcd.bytes(prefix),
        GetOption.builder().isPrefix(true).withCountOnly(true).build()), "read " + prefix).getHeader().getRevision();
    WatcherQueue queue = new WatcherQueue(service, q -> {
      Watch.Watcher w = watchers.remove(q);
      if (w != null) {
        w.close();
      }
    });
    Watch.Watcher w = etcd.client.getWatchClient().watch(Etcd.bytes(prefix),
        WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(revision + 1).build(),
        Watch.listener(response -> response.getEvents().forEach(e -> event(e).ifPresent(queue::offer)), error -> { }));
    watchers.put(queue, w);
    return queue;
  }

  private static Optional<RegistryEvent> event(WatchEvent e) {
    if (e.getEventType() == WatchEvent.EventType.PUT) {
      RegistryEvent.Action action = e.getKeyValue().getVersion() == 1 ? RegistryEvent.Action.CREATE : RegistryEvent.Action.UPDATE;
      return parse(e.getKeyValue().getValue()).map(s -> new RegistryEvent(action, s));
    }
    if (e.getEventType() == WatchEvent.EventType.DELETE) {
      KeyValue prev = e.getPrevKV();
      Optional<ServiceRecord> s = prev == null || prev.getValue().isEmpty() ? Optional.empty() : parse(prev.getValue());
      return Optional.of(new RegistryEvent(RegistryEvent.Action.DELETE, s.orElseGet(() -> fromKey(Etcd.text(e.getKeyValue().getKey())))));
    }
    return Optional.empty();
  }

  // Without the previous value (compacted away) the key still names the service and the node.
  private static ServiceRecord fromKey(String key) {
    String[] parts = key.substring(PREFIX.length()).split("/", 2);
    Node node = new Node(parts.length > 1 ? parts[1] : "", "", Map.of());
    return new ServiceRecord(parts[0], "latest", Map.of(), List.of(), List.of(node));
  }

  @Override
  public String describe() {
    return url;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("registry closed");
    }
  }

  /** Stops keeping leases alive (registered nodes expire at their TTL), ends watches, disconnects. */
  @Override
  public void close() {
    closed = true;
    expirer.interrupt();
    registrations.values().forEach(Registration::stop);
    registrations.clear();
    List.copyOf(watchers.keySet()).forEach(WatcherQueue::close);
    etcd.close();
  }
}
