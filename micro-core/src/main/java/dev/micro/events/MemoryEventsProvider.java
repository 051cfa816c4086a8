package dev.micro.events;

import dev.micro.plugin.PluginUri;

/** Serves {@code memory://}: a new {@link MemoryEvents} each time. Stateless. */
public final class MemoryEventsProvider implements EventsProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Events create(PluginUri uri) {
    return new MemoryEvents();
  }
}
