package dev.micro.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One running instance of a service: an id ({@code <service>-<uuid>}), the {@code host:port} it
 * answers on, and metadata. Node metadata always carries {@code protocol}, {@code transport},
 * {@code broker}, {@code registry} and {@code server}, as go-micro clients expect.
 */
public record Node(String id, String address, Map<String, String> metadata) {
  public Node {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A metadata value, or {@code fallback}. */
  public String meta(String key, String fallback) {
    return metadata.getOrDefault(key, fallback);
  }
}
