package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.registry.Endpoint;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryEvent;
import dev.micro.registry.RegistryEvent.Action;
import dev.micro.registry.ServiceRecord;
import dev.micro.registry.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Registry} must show, run by each implementation's test:
 *
 * <pre>{@code
 * class EtcdRegistryContractTest extends RegistryContract {
 *   protected Registry newRegistry() { return EtcdRegistry.create(...); }
 * }
 * }</pre>
 *
 * <p>Registries made by {@link #newRegistry()} and {@link #peer(Registry)} are closed after each
 * test. Each test uses service names of its own, so a backend shared between tests (one etcd
 * server) does not leak state from one test into the next. Not thread-safe; JUnit makes one
 * instance per test.
 */
public abstract class RegistryContract {
  /** How long a node lives in the TTL tests: short enough to wait for, long enough to refresh. */
  protected static final Duration SHORT_TTL = Duration.ofSeconds(1);
  private static final Duration LONG_TTL = Duration.ofMinutes(1);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Set<Registry> opened = Collections.newSetFromMap(new IdentityHashMap<>());
  private final String prefix = "svc" + UUID.randomUUID().toString().substring(0, 8);

  /** A new registry on fresh, empty state (or on shared state, with names unique per test). */
  protected abstract Registry newRegistry();

  /**
   * A second handle on the same state as {@code r}, as another process would open it. By default
   * {@code r} itself, which fits registries whose state lives in one object.
   */
  protected Registry peer(Registry r) {
    return r;
  }

  @AfterEach
  void closeRegistries() {
    for (Registry r : opened) {
      r.close();
    }
    opened.clear();
  }

  private Registry registry() {
    return track(newRegistry());
  }

  private Registry track(Registry r) {
    opened.add(r);
    return r;
  }

  /** A service name unique to this test. */
  private String name(String base) {
    return prefix + "-" + base;
  }

  private static Node node(String service, String address) {
    return new Node(service + "-" + UUID.randomUUID(), address, Map.of("protocol", "grpc", "transport", "grpc"));
  }

  private static ServiceRecord record(String service, String version, Node... nodes) {
    return new ServiceRecord(service, version, Map.of(), List.of(), List.of(nodes));
  }

  private static List<Node> nodes(Registry r, String service) {
    return r.getService(service).stream().flatMap(s -> s.nodes().stream()).toList();
  }

  private static List<String> nodeIds(Registry r, String service) {
    return nodes(r, service).stream().map(Node::id).toList();
  }

  @Test
  void registerThenGetServiceReturnsTheNodeWithAddressMetadataEndpointsAndVersionIntact() {
    Registry r = registry();
    String svc = name("greeter");
    Value request = new Value("Request", "Request", List.of(Value.of("name", "string"),
        new Value("tags", "[]Tag", List.of(Value.of("key", "string")))));
    Value response = new Value("Response", "Response", List.of(Value.of("msg", "string")));
    Endpoint hello = new Endpoint("Greeter.Hello", request, response, Map.of("idempotent", "true"));
    Endpoint stream = new Endpoint("Greeter.Stream", null, null, Map.of("stream", "true"));
    Node n = new Node(svc + "-1", "10.0.0.5:41234",
        Map.of("protocol", "grpc", "transport", "grpc", "broker", "http", "registry", "file", "server", "grpc"));
    ServiceRecord s = new ServiceRecord(svc, "1.2.3", Map.of("team", "core"), List.of(hello, stream), List.of(n));

    r.register(s, LONG_TTL);

    assertThat(r.getService(svc)).containsExactly(s);
  }

  @Test
  void twoNodesOfOneServiceAreBothListed() {
    Registry r = registry();
    String svc = name("greeter");
    Node a = node(svc, "10.0.0.1:1");
    Node b = node(svc, "10.0.0.2:2");

    r.register(record(svc, "latest", a), LONG_TTL);
    r.register(record(svc, "latest", b), LONG_TTL);

    assertThat(r.getService(svc)).singleElement()
        .satisfies(s -> assertThat(s.nodes()).containsExactlyInAnyOrder(a, b));
  }

  @Test
  void deregisterRemovesOnlyThatNode() {
    Registry r = registry();
    String svc = name("greeter");
    Node a = node(svc, "10.0.0.1:1");
    Node b = node(svc, "10.0.0.2:2");
    r.register(record(svc, "latest", a, b), LONG_TTL);

    r.deregister(record(svc, "latest", a));

    assertThat(nodes(r, svc)).containsExactly(b);
  }

  @Test
  void reRegisteringANodeRefreshesItWithoutDuplicatingIt() {
    Registry r = registry();
    String svc = name("greeter");
    Node a = node(svc, "10.0.0.1:1");
    Node moved = new Node(a.id(), "10.0.0.1:2", a.metadata());

    r.register(record(svc, "latest", a), LONG_TTL);
    r.register(record(svc, "latest", a), LONG_TTL);
    r.register(record(svc, "latest", moved), LONG_TTL);

    assertThat(nodes(r, svc)).containsExactly(moved);
  }

  @Test
  void getServiceOfAnUnknownServiceIsEmpty() {
    Registry r = registry();

    assertThat(r.getService(name("nobody"))).isEmpty();
  }

  @Test
  void listServicesListsNamesWithoutNodes() {
    Registry r = registry();
    String a = name("a");
    String b = name("b");
    r.register(record(a, "latest", node(a, "10.0.0.1:1"), node(a, "10.0.0.1:2")), LONG_TTL);
    r.register(record(b, "latest", node(b, "10.0.0.2:1")), LONG_TTL);

    List<ServiceRecord> listed = r.listServices().stream().filter(s -> s.name().startsWith(prefix)).toList();

    assertThat(listed).extracting(ServiceRecord::name).containsExactlyInAnyOrder(a, b);
    assertThat(listed).allSatisfy(s -> assertThat(s.nodes()).isEmpty());
  }

  @Test
  void twoVersionsOfAServiceComeBackAsTwoRecords() {
    Registry r = registry();
    String svc = name("greeter");
    Node v1 = node(svc, "10.0.0.1:1");
    Node v2 = node(svc, "10.0.0.2:2");

    r.register(record(svc, "v1", v1), LONG_TTL);
    r.register(record(svc, "v2", v2), LONG_TTL);

    assertThat(r.getService(svc)).containsExactlyInAnyOrder(record(svc, "v1", v1), record(svc, "v2", v2));
  }

  @Test
  void aNodeWhoseTtlPassesDisappearsByItself() {
    Registry r = registry();
    String svc = name("greeter");
    Node keep = node(svc, "10.0.0.1:1");
    Node brief = node(svc, "10.0.0.2:2");
    r.register(record(svc, "latest", keep), LONG_TTL);
    r.register(record(svc, "latest", brief), SHORT_TTL);
    assertThat(nodeIds(r, svc)).contains(brief.id());

    await().atMost(WAIT).until(() -> !nodeIds(r, svc).contains(brief.id()));
    assertThat(nodeIds(r, svc)).containsExactly(keep.id());
  }

  @Test
  void aNodeRefreshedBeforeItsTtlStays() {
    Registry r = registry();
    String svc = name("greeter");
    Node n = node(svc, "10.0.0.1:1");
    r.register(record(svc, "latest", n), SHORT_TTL);
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
    try {
      refresher.scheduleAtFixedRate(() -> r.register(record(svc, "latest", n), SHORT_TTL), 250, 250, TimeUnit.MILLISECONDS);

      await().during(SHORT_TTL.multipliedBy(3)).atMost(SHORT_TTL.multipliedBy(5))
          .until(() -> nodeIds(r, svc).contains(n.id()));
    } finally {
      refresher.shutdownNow();
    }
  }

  @Test
  void watchSeesCreateForANewNode() throws InterruptedException {
    Registry r = registry();
    String svc = name("greeter");
    try (Registry.Watcher w = r.watch(Optional.of(svc))) {
      Node n = node(svc, "10.0.0.1:1");
      r.register(record(svc, "latest", n), LONG_TTL);

      RegistryEvent e = awaitEvent(w, Action.CREATE, n.id());
      assertThat(e.service().name()).isEqualTo(svc);
      assertThat(e.service().nodes()).containsExactly(n);
    }
  }

  @Test
  void watchSeesDeleteForADeregisteredNode() throws InterruptedException {
    Registry r = registry();
    String svc = name("greeter");
    Node n = node(svc, "10.0.0.1:1");
    try (Registry.Watcher w = r.watch(Optional.of(svc))) {
      r.register(record(svc, "latest", n), LONG_TTL);
      awaitEvent(w, Action.CREATE, n.id());

      r.deregister(record(svc, "latest", n));

      assertThat(awaitEvent(w, Action.DELETE, n.id()).service().nodes()).extracting(Node::id).containsExactly(n.id());
    }
  }

  @Test
  void watchSeesDeleteForAnExpiredNode() throws InterruptedException {
    Registry r = registry();
    String svc = name("greeter");
    Node n = node(svc, "10.0.0.1:1");
    try (Registry.Watcher w = r.watch(Optional.of(svc))) {
      r.register(record(svc, "latest", n), SHORT_TTL);

      awaitEvent(w, Action.DELETE, n.id());
    }
  }

  @Test
  void watchOfOneServiceIgnoresOtherServices() throws InterruptedException {
    Registry r = registry();
    String svc = name("greeter");
    String other = name("other");
    try (Registry.Watcher w = r.watch(Optional.of(svc))) {
      r.register(record(other, "latest", node(other, "10.0.0.2:2")), LONG_TTL);
      Node n = node(svc, "10.0.0.1:1");
      r.register(record(svc, "latest", n), LONG_TTL);

      List<RegistryEvent> seen = new ArrayList<>();
      awaitEvent(w, Action.CREATE, n.id(), seen);
      assertThat(seen).extracting(e -> e.service().name()).containsOnly(svc);
    }
  }

  @Test
  void watchOfNoServiceSeesAllServices() throws InterruptedException {
    Registry r = registry();
    String a = name("a");
    String b = name("b");
    try (Registry.Watcher w = r.watch(Optional.empty())) {
      Node na = node(a, "10.0.0.1:1");
      Node nb = node(b, "10.0.0.2:2");
      r.register(record(a, "latest", na), LONG_TTL);
      r.register(record(b, "latest", nb), LONG_TTL);

      List<RegistryEvent> seen = new ArrayList<>();
      awaitEvent(w, Action.CREATE, na.id(), seen);
      if (seen.stream().noneMatch(e -> isAbout(e, Action.CREATE, nb.id()))) {
        awaitEvent(w, Action.CREATE, nb.id());
      }
    }
  }

  @Test
  void aPeerSeesRegistrationsMadeThroughTheFirstHandle() {
    Registry r = registry();
    Registry other = track(peer(r));
    String svc = name("greeter");
    Node n = node(svc, "10.0.0.1:1");

    r.register(record(svc, "latest", n), LONG_TTL);

    await().atMost(WAIT).untilAsserted(() -> assertThat(nodes(other, svc)).containsExactly(n));
    r.deregister(record(svc, "latest", n));
    await().atMost(WAIT).untilAsserted(() -> assertThat(other.getService(svc)).isEmpty());
  }

  @Test
  void fiftyNodesRegisteredConcurrentlyFromVirtualThreadsAreAllListed() throws InterruptedException {
    Registry r = registry();
    String svc = name("greeter");
    List<Node> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(node(svc, "10.0.1." + i + ":9090"));
    }

    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Node n : all) {
        executor.submit(() -> r.register(record(svc, "latest", n), LONG_TTL));
      }
    }

    assertThat(nodes(r, svc)).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void aClosedWatchersNextThrowsIllegalStateException() {
    Registry r = registry();
    Registry.Watcher w = r.watch(Optional.of(name("greeter")));

    w.close();

    assertThatThrownBy(() -> w.next(Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class);
  }

  private static boolean isAbout(RegistryEvent e, Action action, String nodeId) {
    return e.action() == action && e.service().nodes().stream().anyMatch(n -> n.id().equals(nodeId));
  }

  private static RegistryEvent awaitEvent(Registry.Watcher w, Action action, String nodeId) throws InterruptedException {
    return awaitEvent(w, action, nodeId, new ArrayList<>());
  }

  /** Reads events until one is {@code action} on {@code nodeId}; every event read lands in {@code seen}. */
  private static RegistryEvent awaitEvent(Registry.Watcher w, Action action, String nodeId, List<RegistryEvent> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      Optional<RegistryEvent> e = w.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (e.isEmpty()) {
        break;
      }
      seen.add(e.get());
      if (isAbout(e.get(), action, nodeId)) {
        return e.get();
      }
    }
    throw new AssertionError("no " + action + " event for node " + nodeId + " within " + WAIT + "; saw " + seen);
  }
}
