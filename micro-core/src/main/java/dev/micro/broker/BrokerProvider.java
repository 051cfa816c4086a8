package dev.micro.broker;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Registry;

/**
 * Makes {@link Broker} instances for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.broker.BrokerProvider}.
 */
public interface BrokerProvider extends PluginProvider {
  /** A broker for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Broker create(PluginUri uri);

  /**
   * A broker for a service that already holds {@code registry}. Brokers that find their
   * subscribers through a registry (the {@code http} broker) use this one unless the URL names
   * another, and never close it; the others ignore it.
   */
  default Broker create(PluginUri uri, Registry registry) {
    return create(uri);
  }
}
