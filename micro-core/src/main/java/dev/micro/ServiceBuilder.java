package dev.micro;

import dev.micro.broker.Broker;
import dev.micro.broker.SubscribeOptions;
import dev.micro.client.ClientInterceptor;
import dev.micro.client.Strategy;
import dev.micro.registry.Registry;
import dev.micro.server.ServerInterceptor;
import dev.micro.transport.TlsConfig;
import dev.micro.server.SubscribeMethods;
import dev.micro.server.Subscriber;
import dev.micro.transport.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and starts a {@link Service}. Every setting not made here comes from system
 * properties ({@code micro.registry}) or environment variables ({@code MICRO_REGISTRY}), then from
 * the embedded defaults: file registry under {@code $MICRO_HOME}, gRPC on {@code 127.0.0.1:0},
 * TTL 90 s re-registered every 30 s.
 *
 * <pre>{@code
 * Service svc = Micro.service("greeter")
 *     .version("1.0.0")
 *     .handle(new GreeterService())          // a generated gRPC service, or a plain object
 *     .idempotent("Greeter.Hello")
 *     .subscribe("users.created", UserCreated.class, (user, headers) -> welcome(user))
 *     .start();
 * svc.publish("greetings.sent", new GreetingSent("Alice"));
 * }</pre>
 *
 * <p><b>Pub/sub.</b> Subscribers are lambdas given to {@code subscribe(...)} or {@link Subscribe}
 * methods of objects given to {@code handle(...)} or {@code subscribe(Object)}. Unless told
 * otherwise, the instances of a service share a queue named after the service, so each message
 * reaches one instance of every subscribing service. (go-micro's default is no queue; pass
 * {@link SubscribeOptions#defaults()} or {@code @Subscribe(broadcast = true)} for that.)
 */
public final class ServiceBuilder {
  final String name;
  String version = "latest";
  final Map<String, String> metadata = new LinkedHashMap<>();
  String address;
  String advertise;
  String transport;
  Registry registry;
  String registryUrl;
  Broker broker;
  String brokerUrl;
  dev.micro.store.Store store;
  String storeUrl;
  final List<Subscriber> subscribers = new ArrayList<>();
  final List<Object[]> handlers = new ArrayList<>();
  final Set<String> idempotent = new LinkedHashSet<>();
  final List<ServerInterceptor> interceptors = new ArrayList<>();
  final List<ClientInterceptor> clientInterceptors = new ArrayList<>();
  Duration registerTtl;
  Duration registerInterval;
  Duration shutdownTimeout = Duration.ofSeconds(10);
  int maxMessageBytes = TransportOptions.DEFAULT_MAX_MESSAGE_BYTES;
  Strategy strategy;
  Duration clientTimeout;
  TlsConfig tls;

  ServiceBuilder(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains(" ")) {
      throw new IllegalArgumentException("service name: '" + name + "' (expected: a non-empty name without '/' or spaces)");
    }
    this.name = name;
  }

  public ServiceBuilder version(String version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  /** Adds node metadata, seen by {@code micro describe} and by selection filters. */
  public ServiceBuilder metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * The store behind {@link Service#store()}; the service does not close it. By default the
   * service opens {@code MICRO_STORE} (else the embedded file store) on first use and closes it.
   */
  public ServiceBuilder store(dev.micro.store.Store store) {
    this.store = Objects.requireNonNull(store, "store");
    this.storeUrl = null;
    return this;
  }

  /** The store behind {@link Service#store()} by URL ({@code memory://}, {@code file://}, {@code postgres://...}). */
  public ServiceBuilder store(String url) {
    this.storeUrl = Objects.requireNonNull(url, "url");
    this.store = null;
    return this;
  }

  /** The {@code host:port} to listen on; port 0 takes a free one (default {@code 127.0.0.1:0}). */
  public ServiceBuilder address(String address) {
    this.address = Objects.requireNonNull(address, "address");
    return this;
  }

  /** The {@code host:port} to register, when it differs from the bound address (NAT, containers). */
  public ServiceBuilder advertise(String advertise) {
    this.advertise = Objects.requireNonNull(advertise, "advertise");
    return this;
  }

  /** {@code grpc} (default) or {@code http}. */
  public ServiceBuilder transport(String transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return this;
  }

  /** The registry to register in; the service does not close it. */
  public ServiceBuilder registry(Registry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.registryUrl = null;
    return this;
  }

  /** The registry by URL ({@code memory://}, {@code file://}, {@code etcd://...}); the service closes it. */
  public ServiceBuilder registry(String url) {
    this.registryUrl = Objects.requireNonNull(url, "url");
    this.registry = null;
    return this;
  }

  /**
   * Adds a handler: a generated gRPC service ({@code XxxImplBase}), or a plain object whose public
   * methods become endpoints {@code <Class>.<Method>} (see {@link dev.micro.server.PojoHandlerAdapter}).
   */
  public ServiceBuilder handle(Object handler) {
    handlers.add(new Object[] {null, Objects.requireNonNull(handler, "handler")});
    subscribers.addAll(SubscribeMethods.scan(name, handler));
    return this;
  }

  /** Adds a plain object handler under an explicit handler name: endpoints {@code <name>.<Method>}. */
  public ServiceBuilder handle(String name, Object handler) {
    handlers.add(new Object[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(handler, "handler")});
    subscribers.addAll(SubscribeMethods.scan(this.name, handler));
    return this;
  }

  /**
   * The broker to publish and subscribe with; the service does not close it. Node metadata
   * {@code broker} is its scheme.
   */
  public ServiceBuilder broker(Broker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.brokerUrl = null;
    return this;
  }

  /**
   * The broker by URL, made on first use and closed by the service (default: {@code MICRO_BROKER},
   * else {@code http://} with micro-http present, which finds subscribers through this service's
   * registry, else {@code memory://}).
   */
  public ServiceBuilder broker(String url) {
    this.brokerUrl = Objects.requireNonNull(url, "url");
    this.broker = null;
    return this;
  }

  /**
   * Subscribes {@code handler} to {@code topic}, in the queue named after this service. Registered
   * as an endpoint named after the topic.
   */
  public <T> ServiceBuilder subscribe(String topic, Class<T> type, SubscriberHandler<T> handler) {
    return subscribe(topic, type, handler, SubscribeOptions.defaults().withQueue(name));
  }

  /** Subscribes {@code handler} to {@code topic} with {@code options} as given (no queue: every instance). */
  public <T> ServiceBuilder subscribe(String topic, Class<T> type, SubscriberHandler<T> handler, SubscribeOptions options) {
    subscribers.add(Subscriber.of(Objects.requireNonNull(topic, "topic"), topic, type, options, handler));
    return this;
  }

  /**
   * Subscribes the {@link Subscribe} methods of {@code subscriber}, which serves no calls.
   *
   * @throws IllegalArgumentException if it has none, or one of the wrong shape
   */
  public ServiceBuilder subscribe(Object subscriber) {
    List<Subscriber> found = SubscribeMethods.scan(name, Objects.requireNonNull(subscriber, "subscriber"));
    if (found.isEmpty()) {
      throw new IllegalArgumentException("subscriber " + subscriber.getClass().getName()
          + " has no @Subscribe methods (expected methods such as '@Subscribe(topic = \"t\") void on(Event e)')");
    }
    subscribers.addAll(found);
    return this;
  }

  /** Declares endpoints safe to retry after any availability failure (see {@link Idempotent}). */
  public ServiceBuilder idempotent(String... endpoints) {
    idempotent.addAll(List.of(endpoints));
    return this;
  }

  public ServiceBuilder interceptor(ServerInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  public ServiceBuilder clientInterceptor(ClientInterceptor interceptor) {
    clientInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** How long a registration lives without a heartbeat (default 90 s). */
  public ServiceBuilder registerTtl(Duration ttl) {
    this.registerTtl = positive("registerTtl", ttl);
    return this;
  }

  /** How often the registration is renewed (default 30 s); must be shorter than the TTL. */
  public ServiceBuilder registerInterval(Duration interval) {
    this.registerInterval = positive("registerInterval", interval);
    return this;
  }

  /** How long stopping waits for calls in flight (default 10 s). */
  public ServiceBuilder shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** The largest message accepted or sent (default 4 MiB). */
  public ServiceBuilder maxMessageBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes: " + bytes + " (expected: > 0)");
    }
    this.maxMessageBytes = bytes;
    return this;
  }

  /** The strategy of this service's client (default round robin). */
  public ServiceBuilder strategy(Strategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /** The default timeout of this service's outgoing calls (default 30 s). */
  public ServiceBuilder clientTimeout(Duration timeout) {
    this.clientTimeout = positive("clientTimeout", timeout);
    return this;
  }

  /**
   * Serves with mutual TLS and calls other TLS services with it: the server presents
   * {@code tls}'s certificate and requires a client certificate its trust manager accepts; the
   * node is registered with metadata {@code secure=true}, which tells clients to connect with TLS.
   * The caller's verified service name reaches interceptors as
   * {@link dev.micro.transport.PeerService#METADATA_KEY}. Needs a transport with TLS support
   * ({@code grpc}); calls to nodes without {@code secure=true} stay plaintext.
   */
  public ServiceBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    metadata.put("secure", "true");
    return this;
  }

  /**
   * Starts the server, registers the node, and starts the heartbeat.
   *
   * @throws IllegalStateException if the service cannot start (no handler, port taken, registry down)
   */
  public Service start() {
    return Service.start(this);
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
