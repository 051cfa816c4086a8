package dev.micro.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service as the registry holds it, field for field go-micro's {@code registry.Service}: name,
 * version, metadata, endpoints and the nodes that serve them. Immutable.
 */
public record ServiceRecord(
    String name, String version, Map<String, String> metadata, List<Endpoint> endpoints, List<Node> nodes) {

  public ServiceRecord {
    Objects.requireNonNull(name, "name");
    version = version == null ? "latest" : version;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  /** A copy with these nodes. */
  public ServiceRecord withNodes(List<Node> nodes) {
    return new ServiceRecord(name, version, metadata, endpoints, nodes);
  }
}
