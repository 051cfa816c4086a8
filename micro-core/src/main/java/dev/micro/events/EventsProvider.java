package dev.micro.events;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link Events} streams for one URL scheme. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.events.EventsProvider}.
 */
public interface EventsProvider extends PluginProvider {
  /** A stream for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  Events create(PluginUri uri);
}
