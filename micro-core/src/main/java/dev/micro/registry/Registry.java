package dev.micro.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Service discovery: nodes register with a time to live, are found by service name, and are
 * watched for changes. Implementations must be safe for concurrent use.
 *
 * <p>A node that is not registered again within its TTL disappears by itself, so a process that
 * dies without deregistering stops being found. Registering a node that exists refreshes it.
 *
 * <p>Implementations are chosen by URL ({@code memory://}, {@code file://}, {@code etcd://...})
 * through {@link RegistryProvider}s, and all of them pass the same contract suite.
 */
public interface Registry extends AutoCloseable {

  /**
   * Registers (or refreshes) every node of {@code service} for {@code ttl}. Nodes of the same
   * service that are not named are left as they are.
   */
  void register(ServiceRecord service, Duration ttl);

  /** Removes the nodes named in {@code service}; other nodes of that service stay. */
  void deregister(ServiceRecord service);

  /**
   * The live records of a service, one per version, each with its live nodes; empty when the
   * service has no node.
   */
  List<ServiceRecord> getService(String name);

  /** One record per registered service name and version, without nodes. */
  List<ServiceRecord> listServices();

  /**
   * Watches changes to one service, or to all services when {@code service} is empty. The
   * watcher sees changes made after this call returns.
   */
  Watcher watch(Optional<String> service);

  /** The URL this registry was made from, for node metadata and messages. */
  String describe();

  @Override
  void close();

  /** A stream of registry changes; blocking, for one consumer thread. */
  interface Watcher extends AutoCloseable {
    /**
     * The next change, waiting up to {@code timeout}; empty when none came in time.
     *
     * @throws IllegalStateException once the watcher is closed
     */
    Optional<RegistryEvent> next(Duration timeout) throws InterruptedException;

    @Override
    void close();
  }
}
