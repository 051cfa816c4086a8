package dev.micro;

import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.broker.Message;
import dev.micro.broker.Subscription;
import dev.micro.codec.Codecs;
import dev.micro.plugin.PluginUri;
import dev.micro.plugin.Plugins;
import dev.micro.registry.Registry;
import dev.micro.server.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service's pub/sub: its broker (made on first use from a URL, or lent by the user), the
 * encoding of published events, and the subscriptions of its subscribers. Thread-safe.
 */
final class ServiceBroker {
  private static final System.Logger LOG = System.getLogger(ServiceBroker.class.getName());

  private final String service;
  private final Codecs codecs;
  private final Registry registry;
  private final String url;
  private final List<Subscriber> subscribers;
  private final List<dev.micro.server.ServerInterceptor> interceptors;
  private final List<dev.micro.client.ClientInterceptor> clientInterceptors;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private Broker broker;
  private final boolean owned;
  private boolean closed;

  ServiceBroker(String service, Codecs codecs, Registry registry, Broker broker, String url, List<Subscriber> subscribers,
      List<dev.micro.server.ServerInterceptor> interceptors, List<dev.micro.client.ClientInterceptor> clientInterceptors) {
    this.service = service;
    this.interceptors = List.copyOf(interceptors);
    this.clientInterceptors = List.copyOf(clientInterceptors);
    this.codecs = codecs;
    this.registry = registry;
    this.broker = broker;
    this.owned = broker == null;
    this.url = broker != null ? broker.describe() : url != null ? url : Micro.defaultBrokerUrl();
    this.subscribers = List.copyOf(subscribers);
  }

  /** The broker's scheme, for node metadata {@code broker}. */
  String scheme() {
    int i = url.indexOf("://");
    return i < 0 ? url : url.substring(0, i);
  }

  List<Subscriber> subscribers() {
    return subscribers;
  }

  /** The broker, made now if it was not yet. */
  Broker broker() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("service " + service + " is stopped; its broker is closed");
      }
      if (broker == null) {
        PluginUri uri = PluginUri.parse(url);
        broker = Plugins.load(BrokerProvider.class, "broker").get(uri.scheme()).create(uri, registry);
      }
      return broker;
    } finally {
      lock.unlock();
    }
  }

  /** Subscribes every subscriber; on failure undoes what it did and throws. */
  void subscribeAll() {
    if (subscribers.isEmpty()) {
      return;
    }
    Broker b = broker();
    try {
      for (Subscriber s : subscribers) {
        Subscription sub = b.subscribe(s.topic(), s.brokerHandler(service, codecs, interceptors, this::publishRaw), s.options());
        s.bind(sub);
        lock.lock();
        try {
          subscriptions.add(sub);
        } finally {
          lock.unlock();
        }
      }
    } catch (RuntimeException e) {
      unsubscribeAll();
      throw e;
    }
  }

  /**
   * Publishes {@code event} encoded by the codec for its content type: {@code metadata}'s
   * {@code Content-Type} if it has one, else {@link Subscriber#defaultContentType}. Headers are
   * the current call's metadata, then {@code metadata}.
   */
  void publish(String topic, Object event, Metadata metadata) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(metadata, "metadata");
    Metadata inherited = CallContext.currentMetadata().without(Message.CONTENT_TYPE_HEADER)
        .without(Message.TOPIC_HEADER).without(Message.ID_HEADER);
    // Client interceptors see what the publisher set, as they do for calls (a token goes on here).
    Metadata headers = inherited.merge(intercepted(topic, metadata));
    String ct = headers.get(Message.CONTENT_TYPE_HEADER)
        .orElseGet(() -> Subscriber.defaultContentType(codecs, event.getClass()));
    byte[] body = codecs.forType(ct, event.getClass()).encode(event);
    publishRaw(topic, Message.of(headers.with(Message.CONTENT_TYPE_HEADER, ct), body));
  }

  private Metadata intercepted(String topic, Metadata metadata) {
    if (clientInterceptors.isEmpty()) {
      return metadata;
    }
    Metadata[] out = {metadata};
    chain(0, topic, CallOptions.DEFAULT.withMetadata(metadata), o -> {
      out[0] = o.metadata();
      return null;
    });
    return out[0];
  }

  private Object chain(int i, String topic, CallOptions options, dev.micro.client.ClientInterceptor.Next last) {
    if (i == clientInterceptors.size()) {
      return last.proceed(options);
    }
    return clientInterceptors.get(i).intercept(topic, "publish", options, o -> chain(i + 1, topic, o, last));
  }

  private void publishRaw(String topic, Message message) {
    broker().publish(topic, message);
  }

  /** Ends every subscription: no new handler call begins after this. */
  void unsubscribeAll() {
    List<Subscription> subs;
    lock.lock();
    try {
      subs = new ArrayList<>(subscriptions);
      subscriptions.clear();
    } finally {
      lock.unlock();
    }
    for (Subscription s : subs) {
      try {
        s.unsubscribe();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "service {0} failed to unsubscribe from {1}: {2}", service, s.topic(),
            e.getMessage());
      }
    }
  }

  /** Waits up to {@code timeout} for handler calls still running; false if some still are. */
  boolean drain(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (subscribers.stream().anyMatch(s -> s.inFlight() > 0)) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Closes the broker if this service made it. */
  void close() {
    lock.lock();
    try {
      closed = true;
      if (owned && broker != null) {
        broker.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
