package dev.micro.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where configuration comes from: environment variables, system properties, command-line flags,
 * a file, memory or a remote store such as etcd. A {@link Config} reads an ordered list of them and
 * merges their trees, later sources overriding earlier ones key by key.
 *
 * <p>{@link #read()} returns the whole tree each time: nested maps with string keys, lists, and
 * scalars (strings, numbers, booleans). A key may contain dots ({@code "db.url"}); the config
 * expands it into nested maps. Sources that can tell when they change implement
 * {@link #watch(Runnable)}; writable ones implement {@link #write(String, Object)}.
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface ConfigSource extends AutoCloseable {
  /** A short description for logs and errors: {@code env:MICRO_}, {@code file:/etc/app.yaml}. */
  String name();

  /**
   * The current tree.
   *
   * @throws RuntimeException (preferably {@link ConfigException}) if the source cannot be read or
   *     parsed; the config then keeps what it read last
   */
  Map<String, Object> read();

  /**
   * Calls {@code onChange} (on any thread) whenever the tree may have changed, until the returned
   * watch is closed. A spurious call is harmless: the config reads again and compares. Sources
   * that cannot watch return empty, the default.
   */
  default Optional<Watch> watch(Runnable onChange) {
    return Optional.empty();
  }

  /** Whether {@link #write(String, Object)} is supported. */
  default boolean writable() {
    return false;
  }

  /**
   * Sets the value at a dotted path ({@code db.url}) and notifies watchers.
   *
   * @throws UnsupportedOperationException if the source is read-only
   */
  default void write(String path, Object value) {
    throw new UnsupportedOperationException(name() + " is read-only");
  }

  /** Releases what the source holds (threads, connections). Does nothing by default. */
  @Override
  default void close() {}
}
