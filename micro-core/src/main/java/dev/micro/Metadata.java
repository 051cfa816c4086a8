package dev.micro;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Call metadata: string keys to string values, travelling as headers. Keys compare without regard
 * to case, because HTTP/1.1 canonicalises header names and gRPC lower-cases them. Immutable.
 *
 * <pre>{@code
 * Metadata md = Metadata.of("Authorization", "Bearer x").with("Micro-Trace-Id", "t1");
 * md.get("authorization");   // Optional[Bearer x]
 * }</pre>
 */
public final class Metadata {
  private static final Metadata EMPTY = new Metadata(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private final TreeMap<String, String> entries;

  private Metadata(TreeMap<String, String> entries) {
    this.entries = entries;
  }

  /** The empty metadata. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Metadata with one entry. */
  public static Metadata of(String key, String value) {
    return EMPTY.with(key, value);
  }

  /** Metadata holding a copy of {@code map}. */
  public static Metadata of(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> t = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.forEach((k, v) -> t.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    return new Metadata(t);
  }

  /** A builder starting empty, for code that assembles metadata entry by entry. */
  public static Builder builder() {
    return new Builder(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
  }

  /** A builder starting with these entries. */
  public Builder toBuilder() {
    return new Builder(new TreeMap<>(entries));
  }

  /** The value for {@code key}, compared without case. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** A copy with {@code key} set to {@code value}. */
  public Metadata with(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    TreeMap<String, String> t = new TreeMap<>(entries);
    t.put(key, value);
    return new Metadata(t);
  }

  /** A copy with every entry of {@code other} added over these. */
  public Metadata merge(Metadata other) {
    if (other.entries.isEmpty()) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    TreeMap<String, String> t = new TreeMap<>(entries);
    t.putAll(other.entries);
    return new Metadata(t);
  }

  /** A copy without {@code key}. */
  public Metadata without(String key) {
    if (!entries.containsKey(key)) {
      return this;
    }
    TreeMap<String, String> t = new TreeMap<>(entries);
    t.remove(key);
    return new Metadata(t);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** A read-only view, sorted by key without case. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(entries);
  }

  public void forEach(BiConsumer<String, String> action) {
    entries.forEach(action);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && m.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Collects entries for one {@link Metadata}; a later {@link #put} of a key replaces it. Not thread-safe. */
  public static final class Builder {
    private TreeMap<String, String> entries;

    private Builder(TreeMap<String, String> entries) {
      this.entries = entries;
    }

    /** Sets {@code key} (compared without case) to {@code value}. */
    public Builder put(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (entries == null) {
        throw new IllegalStateException("built already");
      }
      entries.put(key, value);
      return this;
    }

    /** The metadata; the builder cannot be used afterwards. */
    public Metadata build() {
      if (entries == null) {
        throw new IllegalStateException("built already");
      }
      Metadata m = entries.isEmpty() ? EMPTY : new Metadata(entries);
      entries = null;
      return m;
    }
  }
}
