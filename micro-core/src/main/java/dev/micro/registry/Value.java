package dev.micro.registry;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a request or response as shown by {@code micro describe}: a field name, its type
 * name, and its own fields (go-micro's {@code registry.Value}; nesting stops at depth 3).
 */
public record Value(String name, String type, List<Value> values) {
  public Value {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** A field with no sub-fields. */
  public static Value of(String name, String type) {
    return new Value(name, type, List.of());
  }
}
