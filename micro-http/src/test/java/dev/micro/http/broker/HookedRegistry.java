package dev.micro.http.broker;

import dev.micro.registry.MemoryRegistry;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link MemoryRegistry} with hooks that run before a register or a lookup is passed on to it,
 * for races and outages. Each hook runs once, on the calling thread, then is cleared.
 */
final class HookedRegistry implements Registry {
  private final MemoryRegistry delegate = new MemoryRegistry();
  private volatile Consumer<ServiceRecord> beforeRegister;
  private volatile Runnable beforeGetService;

  /** Runs {@code hook} at the start of the next {@link #register}. */
  void beforeNextRegister(Consumer<ServiceRecord> hook) {
    beforeRegister = hook;
  }

  /** Runs {@code hook} at the start of the next {@link #getService}; a throwing hook fails it. */
  void beforeNextGetService(Runnable hook) {
    beforeGetService = hook;
  }

  @Override
  public void register(ServiceRecord service, Duration ttl) {
    Consumer<ServiceRecord> hook = beforeRegister;
    beforeRegister = null;
    if (hook != null) {
      hook.accept(service);
    }
    delegate.register(service, ttl);
  }

  @Override
  public void deregister(ServiceRecord service) {
    delegate.deregister(service);
  }

  @Override
  public List<ServiceRecord> getService(String name) {
    Runnable hook = beforeGetService;
    beforeGetService = null;
    if (hook != null) {
      hook.run();
    }
    return delegate.getService(name);
  }

  @Override
  public List<ServiceRecord> listServices() {
    return delegate.listServices();
  }

  @Override
  public Watcher watch(Optional<String> service) {
    return delegate.watch(service);
  }

  @Override
  public String describe() {
    return "hooked+" + delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
