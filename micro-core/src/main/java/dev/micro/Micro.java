package dev.micro;

import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.client.ClientBuilder;
import dev.micro.events.Events;
import dev.micro.events.EventsProvider;
import dev.micro.config.Config;
import dev.micro.config.ConfigSource;
import dev.micro.config.ConfigSourceProvider;
import dev.micro.plugin.PluginUri;
import dev.micro.plugin.Plugins;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryProvider;
import dev.micro.store.Store;
import dev.micro.store.StoreProvider;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything starts.
 *
 * <pre>{@code
 * Service svc = Micro.service("greeter")      // MICRO_* variables fill in what is not set
 *     .handle(new GreeterHandler())
 *     .start();
 * Client client = Micro.client().build();      // a client on its own, for tools and tests
 * }</pre>
 */
public final class Micro {
  private Micro() {}

  /** A builder for a service called {@code name}. */
  public static ServiceBuilder service(String name) {
    return new ServiceBuilder(name);
  }

  /** A builder for a client that is not part of a service. */
  public static ClientBuilder client() {
    return new ClientBuilder();
  }

  /**
   * A registry from a URL ({@code memory://}, {@code file://}, {@code etcd://host:2379}).
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static Registry registry(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(RegistryProvider.class, "registry").get(uri.scheme()).create(uri);
  }

  /**
   * The registry URL from settings ({@code micro.registry} / {@code MICRO_REGISTRY}), else
   * {@code file://} when micro-local is present, else {@code memory://}.
   */
  public static String defaultRegistryUrl() {
    return Settings.get("registry").orElseGet(() ->
        Plugins.load(RegistryProvider.class, "registry").find("file").isPresent() ? "file://" : "memory://");
  }

  /**
   * A broker from a URL ({@code memory://}, {@code nats://host:4222},
   * {@code amqp://guest:guest@host:5672}).
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static Broker broker(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(BrokerProvider.class, "broker").get(uri.scheme()).create(uri);
  }

  /**
   * Durable event streams from a URL ({@code memory://}, {@code file://},
   * {@code nats://host:4222?jetstream=true} or {@code jetstream://host:4222}). The caller closes
   * them.
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static Events events(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(EventsProvider.class, "events").get(uri.scheme()).create(uri);
  }

  /**
   * The broker URL from settings ({@code micro.broker} / {@code MICRO_BROKER}), else
   * {@code http://} (subscribers found through the registry) when micro-http is present, else
   * {@code memory://}.
   */
  public static String defaultBrokerUrl() {
    return Settings.get("broker").orElseGet(() ->
        Plugins.load(BrokerProvider.class, "broker").find("http").isPresent() ? "http://" : "memory://");
  }

  /**
   * A store from a URL ({@code memory://}, {@code file://}, {@code postgres://user@host:5432/db},
   * {@code redis://host:6379/0}). The caller closes it.
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static Store store(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(StoreProvider.class, "store").get(uri.scheme()).create(uri);
  }

  /** A store from {@link #defaultStoreUrl()}. The caller closes it. */
  public static Store store() {
    return store(defaultStoreUrl());
  }

  /**
   * The store URL from settings ({@code micro.store} / {@code MICRO_STORE}), else {@code file://}
   * when micro-local is present, else {@code memory://}.
   */
  public static String defaultStoreUrl() {
    return Settings.get("store").orElseGet(() ->
        Plugins.load(StoreProvider.class, "store").find("file").isPresent() ? "file://" : "memory://");
  }

  /**
   * Locks and leader election from a URL ({@code memory://}, {@code file://},
   * {@code etcd://host:2379}).
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static Sync sync(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(SyncProvider.class, "sync").get(uri.scheme()).create(uri);
  }

  /** {@link #sync(String)} of {@link #defaultSyncUrl()}. */
  public static Sync sync() {
    return sync(defaultSyncUrl());
  }

  /**
   * The sync URL from settings ({@code micro.sync} / {@code MICRO_SYNC}), else {@code file://}
   * when micro-local is present, else {@code memory://}.
   */
  public static String defaultSyncUrl() {
    return Settings.get("sync").orElseGet(() ->
        Plugins.load(SyncProvider.class, "sync").find("file").isPresent() ? "file://" : "memory://");
  }

  /**
   * A config merged from source URLs, lowest precedence first: {@code env://},
   * {@code system://}, {@code file:///etc/app.yaml}, {@code memory://},
   * {@code etcd://host:2379/micro/config}. With no URL, the default sources
   * ({@link Config#defaultSources(Path)} of the working directory). The caller closes it.
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   * @throws dev.micro.config.ConfigException if a source cannot be read
   */
  public static Config config(String... urls) {
    if (urls.length == 0) {
      return Config.of(Config.defaultSources(Path.of("")));
    }
    List<ConfigSource> sources = new ArrayList<>();
    try {
      for (String url : urls) {
        sources.add(configSource(url));
      }
    } catch (RuntimeException e) {
      sources.forEach(ConfigSource::close);
      throw e;
    }
    return Config.of(sources);
  }

  /**
   * One config source from a URL, for reading or writing it directly. The caller closes it.
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the schemes available
   */
  public static ConfigSource configSource(String url) {
    PluginUri uri = PluginUri.parse(url);
    return Plugins.load(ConfigSourceProvider.class, "config source").get(uri.scheme()).create(uri);
  }
}
