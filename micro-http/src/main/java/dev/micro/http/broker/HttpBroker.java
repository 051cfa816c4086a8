package dev.micro.http.broker;

import com.sun.net.httpserver.HttpServer;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.broker.Broker;
import dev.micro.broker.Handler;
import dev.micro.broker.JsonEnvelope;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default broker ({@code http://}): pub/sub across processes with no server, wire
 * compatible with go-micro's HTTP broker. Each subscription registers a node of service
 * {@code micro.http.broker} in the registry (version = its queue, or {@code ff.http.broadcast};
 * node id {@code <topic>-go.micro.http.broker-<uuid>}; metadata {@code broker=http},
 * {@code topic}, {@code secure}), renewed every 30 s with a TTL of 1 min. A publisher looks those
 * nodes up and POSTs go-micro's JSON envelope to {@code http://<address>/?id=<nodeId>}: to every
 * broadcast node, and to one random node of each queue.
 *
 * <pre>{@code
 * try (Broker broker = HttpBroker.create(registry, "127.0.0.1:0")) {
 *   broker.subscribe("orders", d -> process(d.message()));
 *   broker.publish("orders", Message.of(body));
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> At most once, and only to processes alive now. A message whose envelope
 * is over 4 MiB (the body goes as base64: about 3 MiB of body) is refused by {@link #publish}
 * with {@code RESOURCE_EXHAUSTED}, and nothing is sent. A member of a queue that is gone (404,
 * no connection) or busy (503) is passed over for another, up to 3 members. A POST that fails
 * otherwise, or finds no member to take it, is kept in a bounded in-memory retry inbox (1024
 * messages) and sent again on later publishes, 8 at a time, 5 tries in all; the inbox is lost
 * with the publishing process. A subscriber that refuses a message (400, 413: a peer with a
 * smaller size limit, say) is logged as a warning, and the message is not retried.
 * Acknowledgements are local to the subscriber: a handler that throws, or a nack, is logged and
 * counted, and the message is not redelivered later.
 *
 * <p>The listener starts with the first subscription, on {@code 127.0.0.1:0} unless told
 * otherwise (loopback: set an address such as {@code 10.0.0.5:0} for pub/sub across hosts). Each
 * subscription's handler runs on its own virtual thread, one message at a time, in arrival
 * order. Thread-safe.
 */
public final class HttpBroker implements Broker {
  /** The registry service every subscription registers under. */
  public static final String SERVICE = "micro.http.broker";
  /** The version subscriptions without a queue register with. */
  public static final String BROADCAST = "ff.http.broadcast";
  static final Duration TTL = Duration.ofMinutes(1);
  static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final int RETRY_LIMIT = 1024;
  private static final int RETRY_BATCH = 8;
  private static final int SUBSCRIBER_INBOX = 10_000;
  /** The largest envelope a subscriber takes, and so the largest a publish sends. */
  static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final System.Logger LOG = System.getLogger(HttpBroker.class.getName());

  private final Registry registry;
  private final boolean ownsRegistry;
  private final String bindHost;
  private final int bindPort;
  private HttpClient http; // made by the first publish: a client holds a selector thread
  private final Map<String, HttpSubscription> subscriptions = new ConcurrentHashMap<>();
  private final RetryInbox retries = new RetryInbox(RETRY_LIMIT);
  private final Deliveries deliveries = new Deliveries(retries, this::client);
  private final ReentrantLock lock = new ReentrantLock();
  private HttpServer server;
  private ExecutorService executor;
  private Thread heartbeat;
  private String address;
  private volatile boolean closed;

  private HttpBroker(Registry registry, boolean ownsRegistry, String address) {
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("broker address: '" + address + "' (expected: host:port)");
    }
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    this.bindHost = host.isEmpty() ? "0.0.0.0" : host;
    try {
      this.bindPort = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("broker address: '" + address + "' (expected: a port from 0 to 65535)", e);
    }
    if (bindPort < 0 || bindPort > 65535) {
      throw new IllegalArgumentException("broker address: '" + address + "' (expected: a port from 0 to 65535)");
    }
  }

  /**
   * A broker finding subscribers in {@code registry}, which it does not close, listening on
   * {@code address} ({@code host:port}, port 0 for any free one) once something subscribes.
   */
  public static HttpBroker create(Registry registry, String address) {
    return create(registry, false, address);
  }

  static HttpBroker create(Registry registry, boolean ownsRegistry, String address) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(address, "address");
    return new HttpBroker(registry, ownsRegistry, address.trim());
  }

  @Override
  public void publish(String topic, Message message) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    requireOpen();
    Message m = message.addressedTo(topic);
    long base64 = 4L * ((m.body().length + 2) / 3);
    if (base64 > MAX_BYTES) { // not worth encoding
      throw tooLarge(topic, m, "at least " + base64);
    }
    byte[] envelope = JsonEnvelope.encode(m);
    if (envelope.length > MAX_BYTES) {
      throw tooLarge(topic, m, Integer.toString(envelope.length));
    }
    // One lookup serves every topic: all subscribers are nodes of the one service.
    List<ServiceRecord> records = lookup();
    deliveries.retry(records, RETRY_BATCH);
    deliveries.publish(records, topic, envelope, m.id());
  }

  private static MicroException tooLarge(String topic, Message m, String envelopeBytes) {
    return new MicroException(Status.RESOURCE_EXHAUSTED.withDescription("message " + m.id() + " on topic " + topic
        + ": a body of " + m.body().length + " bytes makes an envelope of " + envelopeBytes + " bytes (base64), over "
        + "the http broker's limit of " + MAX_BYTES + " bytes; nothing was sent"), "micro.broker");
  }

  @Override
  public Subscription subscribe(String topic, Handler handler, SubscribeOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    String listening = listen();
    HttpSubscription s = new HttpSubscription(topic, handler, options,
        topic + "-go.micro.http.broker-" + UUID.randomUUID(), listening, SUBSCRIBER_INBOX, this::forget);
    lock.lock();
    try {
      requireOpen(); // under the lock that close() sets closed with: it sees s, or s is never added
      subscriptions.put(s.nodeId(), s);
    } finally {
      lock.unlock();
    }
    boolean registered;
    try {
      registered = register(s);
    } catch (RuntimeException e) {
      subscriptions.remove(s.nodeId());
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot register subscriber of " + topic + " in "
          + registry.describe() + ": " + e.getMessage()).withCause(e), "micro.broker");
    }
    if (!registered) {
      requireOpen(); // close() ended it meanwhile; nothing is left registered
    }
    s.start();
    return s;
  }

  @Override
  public String describe() {
    return "http://" + bindHost + ":" + bindPort;
  }

  /** The {@code host:port} subscribers are reached on; empty until the first subscription. */
  public java.util.Optional<String> address() {
    lock.lock();
    try {
      return java.util.Optional.ofNullable(address);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    new ArrayList<>(subscriptions.values()).forEach(Subscription::unsubscribe);
    if (heartbeat != null) {
      heartbeat.interrupt();
    }
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
    if (http != null) {
      http.shutdownNow();
    }
    if (ownsRegistry) {
      registry.close();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + describe() + " is closed");
    }
  }

  /** Starts the listener and the heartbeat once; returns the address subscribers register. */
  private String listen() {
    lock.lock();
    try {
      requireOpen();
      if (server == null) {
        HttpServer s = HttpServer.create(new InetSocketAddress(bindHost, bindPort), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        s.createContext("/", new BrokerEndpoint(subscriptions, MAX_BYTES));
        s.setExecutor(executor);
        s.start();
        server = s;
        InetSocketAddress a = s.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? java.net.InetAddress.getLocalHost().getHostAddress()
            : a.getAddress().getHostAddress();
        address = (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        heartbeat = Thread.ofVirtual().name("micro-http-broker-heartbeat").start(this::heartbeat);
      }
      return address;
    } catch (IOException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("http broker cannot listen on " + bindHost + ":" + bindPort + ": "
          + e.getMessage()).withCause(e), "micro.broker");
    } finally {
      lock.unlock();
    }
  }

  private void heartbeat() {
    while (!closed) {
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
      renew();
    }
  }

  /** Registers every subscription again, for another TTL. */
  void renew() {
    for (HttpSubscription s : subscriptions.values()) {
      try {
        register(s);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot renew subscriber {0}: {1}", s.nodeId(), e.getMessage());
      }
    }
  }

  /**
   * Registers {@code s} unless it has been unsubscribed; false if it has, before or during the
   * call, and then it is not left registered.
   */
  private boolean register(HttpSubscription s) {
    s.registration().lock();
    try {
      if (!s.isActive()) {
        return false;
      }
      registry.register(s.record(), TTL);
      if (s.isActive()) {
        return true;
      }
      deregister(s); // unsubscribed from within the registry's call, on this thread
      return false;
    } finally {
      s.registration().unlock();
    }
  }

  private void forget(HttpSubscription s) {
    subscriptions.remove(s.nodeId());
    s.registration().lock(); // waits for a renewal under way, which then sees s inactive
    try {
      deregister(s);
    } finally {
      s.registration().unlock();
    }
  }

  private void deregister(HttpSubscription s) {
    try {
      registry.deregister(s.record());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot deregister subscriber {0}: {1}", s.nodeId(), e.getMessage());
    }
  }

  private List<ServiceRecord> lookup() {
    try {
      return registry.getService(SERVICE);
    } catch (RuntimeException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot look up subscribers in "
          + registry.describe() + ": " + e.getMessage()).withCause(e), "micro.broker");
    }
  }

  private HttpClient client() {
    lock.lock();
    try {
      requireOpen(); // close() shuts down only a client made before it
      if (http == null) {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
      }
      return http;
    } finally {
      lock.unlock();
    }
  }

  /** Messages waiting in the retry inbox, for tests and metrics. */
  int pendingRetries() {
    return retries.size();
  }
}
