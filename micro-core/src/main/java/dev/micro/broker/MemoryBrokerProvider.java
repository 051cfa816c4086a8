package dev.micro.broker;

import dev.micro.plugin.PluginUri;

/**
 * Serves {@code memory://}: a new {@link MemoryBroker} each time. Parameter {@code redeliveries}
 * sets how often a rejected message is sent again (default 5).
 */
public final class MemoryBrokerProvider implements BrokerProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Broker create(PluginUri uri) {
    int redeliveries = uri.param("redeliveries").map(v -> {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("redeliveries: '" + v + "' (expected: an integer >= 0)");
      }
    }).orElse(MemoryBroker.DEFAULT_REDELIVERIES);
    return new MemoryBroker(redeliveries);
  }
}
