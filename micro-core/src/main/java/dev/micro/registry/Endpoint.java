package dev.micro.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as registered: {@code Handler.Method}, request and response shapes, and metadata
 * such as {@code stream}, {@code idempotent} or, for subscribers, {@code topic} and
 * {@code subscriber}.
 */
public record Endpoint(String name, Value request, Value response, Map<String, String> metadata) {
  public Endpoint {
    Objects.requireNonNull(name, "name");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public Optional<Value> requestShape() {
    return Optional.ofNullable(request);
  }

  public Optional<Value> responseShape() {
    return Optional.ofNullable(response);
  }

  /** Whether the server declared the endpoint safe to retry. */
  public boolean idempotent() {
    return "true".equals(metadata.get("idempotent"));
  }
}
