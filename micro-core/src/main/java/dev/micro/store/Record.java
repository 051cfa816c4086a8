package dev.micro.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored record: a key, a value of bytes, string metadata and an optional expiry. Immutable;
 * {@code with…} methods return copies. The value array is copied in and must not be modified by
 * whoever reads it from {@link #value()}.
 *
 * <pre>{@code
 * store.write(Record.of("user/42", bytes).withMetadata("Content-Type", "application/json")
 *     .withTtl(Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param key the key, not empty
 * @param value the value, possibly empty
 * @param metadata string metadata, possibly empty
 * @param expiry when the record stops being readable; empty for never
 */
public record Record(String key, byte[] value, Map<String, String> metadata, Optional<Instant> expiry) {

  /**
   * @throws IllegalArgumentException if the key is empty
   */
  public Record {
    requireKey(key);
    value = Objects.requireNonNull(value, "value").clone();
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    Objects.requireNonNull(expiry, "expiry");
  }

  /** A record with no metadata that never expires. */
  public static Record of(String key, byte[] value) {
    return new Record(key, value, Map.of(), Optional.empty());
  }

  /**
   * Checks a key as every store does.
   *
   * @return {@code key}
   * @throws IllegalArgumentException if it is empty
   */
  public static String requireKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key: '' (expected: a non-empty string)");
    }
    return key;
  }

  /** A copy with this metadata in place of the old. */
  public Record withMetadata(Map<String, String> metadata) {
    return new Record(key, value, metadata, expiry);
  }

  /** A copy with one more metadata entry. */
  public Record withMetadata(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Record(key, this.value, m, expiry);
  }

  /**
   * A copy that expires {@code ttl} from now.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public Record withTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    return new Record(key, value, metadata, Optional.of(Instant.now().plus(ttl)));
  }

  /** A copy that expires at {@code expiry}. */
  public Record withExpiry(Instant expiry) {
    return new Record(key, value, metadata, Optional.of(Objects.requireNonNull(expiry, "expiry")));
  }

  /** A copy that never expires. */
  public Record withoutExpiry() {
    return new Record(key, value, metadata, Optional.empty());
  }

  /** Whether the record has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expiry.isPresent() && !expiry.get().isAfter(now);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r && r.key.equals(key) && Arrays.equals(r.value, value)
        && r.metadata.equals(metadata) && r.expiry.equals(expiry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), metadata, expiry);
  }

  @Override
  public String toString() {
    return "Record[key=" + key + ", value=" + value.length + " bytes, metadata=" + metadata
        + ", expiry=" + expiry.map(Instant::toString).orElse("never") + "]";
  }
}
