package dev.micro.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes served by this JVM, by node id, so that a client calling a node of its own process
 * skips the socket and, when the types allow, the encoding. This is JVM-wide state on purpose:
 * "same process" is exactly what it describes. Services add themselves on start and remove
 * themselves on stop.
 */
public final class LocalNodes {
  private static final Map<String, Dispatcher> NODES = new ConcurrentHashMap<>();

  private LocalNodes() {}

  public static void add(String nodeId, Dispatcher dispatcher) {
    NODES.put(nodeId, dispatcher);
  }

  public static void remove(String nodeId) {
    NODES.remove(nodeId);
  }

  public static Optional<Dispatcher> find(String nodeId) {
    return NODES.isEmpty() ? Optional.empty() : Optional.ofNullable(NODES.get(nodeId));
  }
}
