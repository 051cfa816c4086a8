package dev.micro;

import dev.micro.broker.Broker;
import dev.micro.client.DiscoveryClient;
import dev.micro.client.RetryBudget;
import dev.micro.client.Selector;
import dev.micro.codec.Codecs;
import dev.micro.plugin.Plugins;
import dev.micro.registry.Endpoint;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.HandlerAdapter;
import dev.micro.server.LocalNodes;
import dev.micro.server.PojoHandlerAdapter;
import dev.micro.server.SubscribeMethods;
import dev.micro.server.Subscriber;
import dev.micro.transport.ServerTransport;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running service: a server answering on one address, a node registered in the registry and
 * kept alive by a heartbeat, and a client for calling other services. Made by
 * {@link Micro#service(String)}.
 *
 * <p>{@link #stop()} deregisters first (so callers stop choosing this node), then unsubscribes,
 * refuses new calls and waits for calls and subscriber handlers in flight up to the shutdown
 * timeout, then closes the server and the broker it made. Safe for concurrent use.
 */
public final class Service implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Service.class.getName());

  private final String name;
  private final ServiceRecord record;
  private final Node node;
  private final Registry registry;
  private final boolean ownsRegistry;
  private final Dispatcher dispatcher;
  private final ServerTransport server;
  private final DiscoveryClient client;
  private final ServiceBroker pubsub;
  private final ReentrantLock storeLock = new ReentrantLock();
  private dev.micro.store.Store storeBase;
  private String storeUrl;
  private boolean ownsStore;
  private final Duration ttl;
  private final Duration shutdownTimeout;
  private final Thread heartbeat;
  private final ReentrantLock stopLock = new ReentrantLock();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  private Service(String name, ServiceRecord record, Node node, Registry registry, boolean ownsRegistry, Dispatcher dispatcher,
      ServerTransport server, DiscoveryClient client, ServiceBroker pubsub, Duration ttl, Duration interval,
      Duration shutdownTimeout) {
    this.name = name;
    this.record = record;
    this.node = node;
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    this.dispatcher = dispatcher;
    this.server = server;
    this.client = client;
    this.pubsub = pubsub;
    this.ttl = ttl;
    this.shutdownTimeout = shutdownTimeout;
    this.heartbeat = Thread.ofVirtual().name("micro-heartbeat-" + name).unstarted(() -> heartbeat(interval));
  }

  static Service start(ServiceBuilder b) {
    Duration ttl = b.registerTtl != null ? b.registerTtl : PluginDefaults.registerTtl();
    Duration interval = b.registerInterval != null ? b.registerInterval : PluginDefaults.registerInterval();
    if (interval.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("registerInterval: " + interval + " (expected: < registerTtl " + ttl + ")");
    }
    List<EndpointHandler> endpoints = endpoints(b);
    Codecs codecs = Codecs.load();
    Dispatcher dispatcher = new Dispatcher(b.name, endpoints, codecs, b.interceptors, b.maxMessageBytes);

    String transportName = b.transport != null ? b.transport : PluginDefaults.transport();
    TransportProvider tp = Plugins.load(TransportProvider.class, "transport").get(transportName);
    TransportOptions topts = new TransportOptions(b.maxMessageBytes, Map.of());
    if (b.tls != null) {
      if (!tp.supportsTls()) {
        throw new IllegalStateException("service " + b.name + ": transport " + transportName + " does not support TLS (expected: grpc)");
      }
      topts = topts.withTls(b.tls);
    }
    ServerTransport server = tp.newServer(topts);
    String bind = b.address != null ? b.address : PluginDefaults.serverAddress();
    InetSocketAddress bound;
    try {
      HostPort hp = HostPort.parse(bind);
      bound = server.start(hp.host(), hp.port(), dispatcher);
    } catch (Exception e) {
      throw new IllegalStateException("service " + b.name + " cannot listen on " + bind + ": " + e.getMessage(), e);
    }

    boolean ownsRegistry = b.registry == null;
    Registry registry = b.registry;
    String registryUrl = b.registryUrl != null ? b.registryUrl : Micro.defaultRegistryUrl();
    if (registry == null) {
      registry = Micro.registry(registryUrl);
    }
    String advertise = b.advertise != null ? b.advertise : Settings.get("server.advertise").orElse(advertised(bound));
    Map<String, String> md = new LinkedHashMap<>();
    md.put("protocol", tp.protocol());
    md.put("transport", transportName);
    md.put("server", transportName);
    ServiceBroker pubsub = new ServiceBroker(b.name, codecs, registry, b.broker, b.brokerUrl, b.subscribers, b.interceptors, b.clientInterceptors);
    md.put("broker", pubsub.scheme());
    md.put("registry", schemeOf(registry.describe()));
    md.putAll(b.metadata);
    Node node = new Node(b.name + "-" + UUID.randomUUID(), advertise, md);
    List<Endpoint> eps = new ArrayList<>();
    for (EndpointHandler h : endpoints) {
      eps.add(new Endpoint(h.name(), h.requestShape(), h.responseShape(), h.metadata()));
    }
    b.subscribers.forEach(sub -> eps.add(sub.endpoint()));
    ServiceRecord record = new ServiceRecord(b.name, b.version, Map.of(), eps, List.of(node));

    DiscoveryClient client = new DiscoveryClient(new DiscoveryClient.Config(new Selector(registry), true, codecs, topts,
        transportName, b.strategy != null ? b.strategy : PluginDefaults.strategy(),
        b.clientTimeout != null ? b.clientTimeout : PluginDefaults.clientTimeout(), PluginDefaults.clientAttempts(),
        RetryBudget.defaults(), b.clientInterceptors, true));
    Service svc = new Service(b.name, record, node, registry, ownsRegistry, dispatcher, server, client, pubsub, ttl, interval,
        b.shutdownTimeout);
    svc.storeBase = b.store;
    svc.storeUrl = b.storeUrl;
    LocalNodes.add(node.id(), dispatcher);
    String step = "subscribe with " + pubsub.scheme() + "://";
    try {
      pubsub.subscribeAll();
      step = "register in " + registry.describe();
      registry.register(record, ttl);
    } catch (RuntimeException e) {
      pubsub.unsubscribeAll();
      pubsub.close();
      LocalNodes.remove(node.id());
      server.stop(Duration.ZERO);
      client.close();
      if (ownsRegistry) {
        registry.close();
      }
      throw new IllegalStateException("service " + b.name + " cannot " + step + ": " + e.getMessage(), e);
    }
    svc.heartbeat.start();
    LOG.log(System.Logger.Level.INFO, "service {0} listening on {1} ({2}), registered as {3} in {4}",
        b.name, advertise, transportName, node.id(), registry.describe());
    return svc;
  }

  private static List<EndpointHandler> endpoints(ServiceBuilder b) {
    if (b.handlers.isEmpty() && b.subscribers.isEmpty()) {
      throw new IllegalStateException("service " + b.name + " has no handler; add one with handle(...) or subscribe(...)");
    }
    List<HandlerAdapter> adapters = new ArrayList<>();
    ServiceLoader.load(HandlerAdapter.class, Service.class.getClassLoader()).forEach(adapters::add);
    adapters.add(new PojoHandlerAdapter());
    adapters.sort(Comparator.comparingInt(HandlerAdapter::priority).reversed());
    List<EndpointHandler> out = new ArrayList<>();
    for (Object[] h : b.handlers) {
      List<EndpointHandler> eps;
      HandlerAdapter a = adapters.stream().filter(x -> x.supports(h[1])).findFirst().orElseThrow();
      String handlerName = h[0] != null ? (String) h[0] : PojoHandlerAdapter.handlerName(h[1].getClass());
      if ((h[0] != null || a instanceof PojoHandlerAdapter) && SubscribeMethods.declares(h[1])) {
        eps = new PojoHandlerAdapter().endpoints(handlerName, h[1]); // a subscriber may serve no calls
      } else if (h[0] != null) {
        eps = new PojoHandlerAdapter().adapt(handlerName, h[1]);
      } else {
        eps = a.adapt(h[1]);
      }
      for (EndpointHandler e : eps) {
        out.add(b.idempotent.contains(e.name()) ? MarkedEndpoint.idempotent(e) : e);
      }
    }
    for (String e : b.idempotent) {
      if (out.stream().noneMatch(x -> x.name().equals(e))) {
        throw new IllegalArgumentException("idempotent: '" + e + "' is not an endpoint of " + b.name);
      }
    }
    return out;
  }

  private static String advertised(InetSocketAddress bound) {
    String host = bound.getAddress() != null && !bound.getAddress().isAnyLocalAddress()
        ? bound.getAddress().getHostAddress() : "127.0.0.1";
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return host + ":" + bound.getPort();
  }

  private static String schemeOf(String url) {
    int i = url.indexOf("://");
    return i < 0 ? url : url.substring(0, i);
  }

  private void heartbeat(Duration interval) {
    while (!stopping) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (stopping) {
        return;
      }
      try {
        registry.register(record, ttl);
      } catch (RuntimeException e) {
        // The registry may be down for a while; the next beat registers again.
        LOG.log(System.Logger.Level.WARNING, "service {0} failed to renew its registration: {1}", name, e.getMessage());
      }
    }
  }

  public String name() {
    return name;
  }

  /** This service's node as registered. */
  public Node node() {
    return node;
  }

  /** The {@code host:port} registered for this node. */
  public String address() {
    return node.address();
  }

  /** The registered record: endpoints and this node. */
  public ServiceRecord record() {
    return record;
  }

  /**
   * Publishes {@code event} to {@code topic} with the current call's metadata as headers, encoded
   * as JSON, or protobuf for generated messages (header {@code Content-Type}).
   *
   * @throws IllegalStateException once the service is stopped
   * @throws MicroException with {@code UNAVAILABLE} when the broker cannot take it
   */
  public void publish(String topic, Object event) {
    pubsub.publish(topic, event, Metadata.empty());
  }

  /**
   * Publishes {@code event} with {@code headers} added; a {@code Content-Type} among them chooses
   * the codec.
   */
  public void publish(String topic, Object event, Metadata headers) {
    pubsub.publish(topic, event, headers);
  }

  /**
   * This service's store, scoped to database {@code service}, table {@code <name>}
   * ({@link dev.micro.store.Scope#forService}); opened on first use from the builder's store or
   * {@code MICRO_STORE} (default: the embedded file store). Closing the returned view does nothing
   * to the service; stopping the service closes a store it opened.
   */
  public dev.micro.store.Store store() {
    storeLock.lock();
    try {
      if (stopping) {
        throw new IllegalStateException("service " + name + " is stopped; its store is closed");
      }
      if (storeBase == null) {
        storeBase = Micro.store(storeUrl != null ? storeUrl : Micro.defaultStoreUrl());
        ownsStore = true;
      }
      return storeBase.scoped(dev.micro.store.Scope.forService(name));
    } finally {
      storeLock.unlock();
    }
  }

  /** This service's broker; made now if nothing used it yet. */
  public Broker broker() {
    return pubsub.broker();
  }

  /** This service's subscribers with their counters, in the order they were added. */
  public List<Subscriber> subscribers() {
    return pubsub.subscribers();
  }

  /** The client for calling other services (and this one), sharing this service's registry. */
  public Client client() {
    return client;
  }

  public Registry registry() {
    return registry;
  }

  /**
   * Deregisters, drains calls in flight (up to the shutdown timeout), then closes. Idempotent.
   */
  public void stop() {
    stopLock.lock();
    try {
      if (stopping) {
        return;
      }
      stopping = true;
    } finally {
      stopLock.unlock();
    }
    heartbeat.interrupt();
    try {
      registry.deregister(record);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "service {0} failed to deregister: {1}", name, e.getMessage());
    }
    LocalNodes.remove(node.id());
    pubsub.unsubscribeAll();
    try {
      long start = System.nanoTime();
      if (!dispatcher.drain(shutdownTimeout)) {
        LOG.log(System.Logger.Level.WARNING, "service {0} stopped with {1} calls still running", name, dispatcher.inFlight());
      }
      if (!pubsub.drain(shutdownTimeout.minusNanos(System.nanoTime() - start))) {
        LOG.log(System.Logger.Level.WARNING, "service {0} stopped with subscriber handlers still running", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(Duration.ofSeconds(1));
    client.close();
    pubsub.close();
    storeLock.lock();
    try {
      if (ownsStore && storeBase != null) {
        storeBase.close();
      }
    } finally {
      storeLock.unlock();
    }
    if (ownsRegistry) {
      registry.close();
    }
    stopped.countDown();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Blocks until the service is stopped, stopping it on JVM shutdown (SIGTERM, Ctrl-C). For a
   * {@code main} method.
   */
  public void run() throws InterruptedException {
    Thread hook = new Thread(this::stop, "micro-shutdown-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
  }

  /** Whether {@link #stop()} has finished. */
  public boolean isStopped() {
    return stopped.getCount() == 0;
  }

  @Override
  public String toString() {
    return "Service[" + name + " " + node.id() + " at " + node.address() + "]";
  }
}
