package dev.micro.registry;

import java.util.Objects;

/**
 * A change seen by a {@link Registry.Watcher}. The record carries the nodes concerned: the nodes
 * registered for {@code CREATE}/{@code UPDATE}, and the nodes gone for {@code DELETE}.
 */
public record RegistryEvent(Action action, ServiceRecord service) {
  /** What happened to the nodes in the event. */
  public enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  public RegistryEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(service, "service");
  }
}
