package dev.micro.broker;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link Broker} instances for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.broker.BrokerProvider}.
 */
public interface BrokerProvider extends PluginProvider {
  /** A broker for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Broker create(PluginUri uri);
}
