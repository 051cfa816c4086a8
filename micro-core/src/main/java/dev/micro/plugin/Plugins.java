package dev.micro.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds plugin providers on the class path with {@link ServiceLoader}, keyed by scheme. An unknown
 * scheme fails with the schemes that are available, so a missing module is easy to spot.
 */
public final class Plugins<P extends PluginProvider> {
  private final String kind;
  private final Map<String, P> byScheme;

  private Plugins(String kind, Map<String, P> byScheme) {
    this.kind = kind;
    this.byScheme = byScheme;
  }

  /** The providers of {@code type} visible to this class's loader. */
  public static <P extends PluginProvider> Plugins<P> load(Class<P> type, String kind) {
    Map<String, P> map = new TreeMap<>();
    for (P p : ServiceLoader.load(type, Plugins.class.getClassLoader())) {
      P old = map.get(p.scheme());
      if (old == null || p.priority() > old.priority()) {
        map.put(p.scheme(), p);
      }
    }
    return new Plugins<>(kind, Collections.unmodifiableMap(map));
  }

  /** The provider for a scheme, if one is present. */
  public Optional<P> find(String scheme) {
    return Optional.ofNullable(byScheme.get(scheme));
  }

  /**
   * The provider for a scheme.
   *
   * @throws IllegalArgumentException naming the schemes available when none serves it
   */
  public P get(String scheme) {
    P p = byScheme.get(scheme);
    if (p == null) {
      throw new IllegalArgumentException("no " + kind + " for scheme '" + scheme + "'; available: " + schemes()
          + hint(scheme));
    }
    return p;
  }

  /** The schemes available, sorted. */
  public List<String> schemes() {
    return new ArrayList<>(byScheme.keySet());
  }

  private static String hint(String scheme) {
    return switch (scheme) {
      case "etcd" -> " (add dev.micro:micro-etcd)";
      case "nats", "jetstream" -> " (add dev.micro:micro-nats)";
      case "amqp" -> " (add dev.micro:micro-rabbitmq)";
      case "postgres", "cockroach" -> " (add dev.micro:micro-postgres)";
      case "redis" -> " (add dev.micro:micro-redis)";
      case "grpc" -> " (add dev.micro:micro-grpc)";
      case "http" -> " (add dev.micro:micro-http)";
      case "file" -> " (add dev.micro:micro-local)";
      default -> "";
    };
  }
}
