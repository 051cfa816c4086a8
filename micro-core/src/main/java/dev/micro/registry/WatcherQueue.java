package dev.micro.registry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Registry.Watcher} fed by its registry through {@link #offer}. Registries that detect
 * changes themselves (memory, file) hand events to one of these per watcher.
 */
public final class WatcherQueue implements Registry.Watcher {
  private final LinkedBlockingQueue<RegistryEvent> events = new LinkedBlockingQueue<>();
  private final Optional<String> service;
  private final Consumer<WatcherQueue> onClose;
  private volatile boolean closed;

  /**
   * @param service the service watched, or empty for all
   * @param onClose called once on close, so the registry can forget this watcher
   */
  public WatcherQueue(Optional<String> service, Consumer<WatcherQueue> onClose) {
    this.service = service;
    this.onClose = onClose;
  }

  /** Queues the event if this watcher wants it. */
  public void offer(RegistryEvent event) {
    if (!closed && (service.isEmpty() || service.get().equals(event.service().name()))) {
      events.add(event);
    }
  }

  @Override
  public Optional<RegistryEvent> next(Duration timeout) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("watcher closed");
    }
    return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.accept(this);
    }
  }
}
