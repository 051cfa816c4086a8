package dev.micro.http.broker;

import dev.micro.Micro;
import dev.micro.Settings;
import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Registry;

/**
 * Serves {@code http://[host:port][?registry=<url>]}: an {@link HttpBroker} listening on the
 * given address, else {@code MICRO_BROKER_ADDRESS}, else {@code 127.0.0.1:0}. Subscribers are
 * found in the registry named by {@code registry} (URL-encoded), else the registry of the service
 * that asks for the broker, else {@link Micro#defaultRegistryUrl()}; a registry the provider
 * opened is closed with the broker. Stateless.
 */
public final class HttpBrokerProvider implements BrokerProvider {
  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public String module() {
    return "micro-http";
  }

  @Override
  public Broker create(PluginUri uri) {
    String url = uri.param("registry").orElseGet(Micro::defaultRegistryUrl);
    Registry registry = Micro.registry(url);
    try {
      return HttpBroker.create(registry, true, address(uri));
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  @Override
  public Broker create(PluginUri uri, Registry registry) {
    if (uri.param("registry").isPresent()) {
      return create(uri);
    }
    return HttpBroker.create(registry, false, address(uri));
  }

  private static String address(PluginUri uri) {
    if (uri.hosts().size() > 1) {
      throw new IllegalArgumentException("http broker: '" + uri + "' (expected: at most one host:port)");
    }
    if (!uri.hosts().isEmpty()) {
      return uri.hosts().get(0);
    }
    return Settings.get("broker.address").orElse("127.0.0.1:0");
  }
}
