package dev.micro;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Call metadata: string keys to string values, travelling as headers. Keys compare without regard
 * to case, because HTTP/1.1 canonicalises header names and gRPC lower-cases them; a key keeps the
 * spelling it was first given. Immutable.
 *
 * <pre>{@code
 * Metadata md = Metadata.of("Authorization", "Bearer x").with("Micro-Trace-Id", "t1");
 * md.get("authorization");   // Optional[Bearer x]
 * }</pre>
 *
 * <p>Entries are held in two arrays sorted by key without case: metadata is small (a few headers)
 * and made for every call and message, so it avoids a map's nodes.
 */
public final class Metadata {
  private static final String[] NONE = new String[0];
  private static final Metadata EMPTY = new Metadata(NONE, NONE);

  private final String[] keys; // sorted by String.CASE_INSENSITIVE_ORDER, no two equal without case
  private final String[] values;

  private Metadata(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** The empty metadata. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Metadata with one entry. */
  public static Metadata of(String key, String value) {
    return EMPTY.with(key, value);
  }

  /** Metadata with two entries; if the keys are equal without case, the second value wins. */
  public static Metadata of(String key1, String value1, String key2, String value2) {
    Objects.requireNonNull(key1, "key");
    Objects.requireNonNull(value1, "value");
    Objects.requireNonNull(key2, "key");
    Objects.requireNonNull(value2, "value");
    int c = String.CASE_INSENSITIVE_ORDER.compare(key1, key2);
    if (c == 0) {
      return new Metadata(new String[] {key1}, new String[] {value2});
    }
    return c < 0 ? new Metadata(new String[] {key1, key2}, new String[] {value1, value2})
        : new Metadata(new String[] {key2, key1}, new String[] {value2, value1});
  }

  /** Metadata holding a copy of {@code map}. */
  public static Metadata of(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    Builder b = new Builder(NONE, NONE);
    map.forEach(b::put);
    return b.build();
  }

  /** A builder starting empty, for code that assembles metadata entry by entry. */
  public static Builder builder() {
    return new Builder(NONE, NONE);
  }

  /** A builder starting with these entries. */
  public Builder toBuilder() {
    return new Builder(keys, values);
  }

  /** The value for {@code key}, compared without case. */
  public Optional<String> get(String key) {
    int i = indexOf(keys, keys.length, key);
    return i < 0 ? Optional.empty() : Optional.of(values[i]);
  }

  /** A copy with {@code key} set to {@code value}. */
  public Metadata with(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    int i = indexOf(keys, keys.length, key);
    if (i >= 0) {
      if (values[i].equals(value)) {
        return this;
      }
      String[] v = values.clone();
      v[i] = value;
      return new Metadata(keys, v);
    }
    int at = -(i + 1);
    return new Metadata(insert(keys, keys.length, at, key), insert(values, values.length, at, value));
  }

  /** A copy with every entry of {@code other} added over these. */
  public Metadata merge(Metadata other) {
    if (other.keys.length == 0) {
      return this;
    }
    if (keys.length == 0) {
      return other;
    }
    String[] k = new String[keys.length + other.keys.length];
    String[] v = new String[k.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < keys.length || j < other.keys.length) {
      int c = i == keys.length ? 1 : j == other.keys.length ? -1
          : String.CASE_INSENSITIVE_ORDER.compare(keys[i], other.keys[j]);
      if (c < 0) {
        k[n] = keys[i];
        v[n++] = values[i++];
      } else if (c > 0) {
        k[n] = other.keys[j];
        v[n++] = other.values[j++];
      } else {
        k[n] = keys[i++]; // the key as first spelled, the later value
        v[n++] = other.values[j++];
      }
    }
    return new Metadata(n == k.length ? k : Arrays.copyOf(k, n), n == v.length ? v : Arrays.copyOf(v, n));
  }

  /** A copy without {@code key}. */
  public Metadata without(String key) {
    int i = indexOf(keys, keys.length, key);
    if (i < 0) {
      return this;
    }
    if (keys.length == 1) {
      return EMPTY;
    }
    return new Metadata(remove(keys, i), remove(values, i));
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  public int size() {
    return keys.length;
  }

  /** A read-only view, sorted by key without case, whose lookups ignore case. */
  public Map<String, String> asMap() {
    return new View();
  }

  /** Calls {@code action} with each entry, in the order of {@link #asMap()}. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  /** Equal when both have the same keys (compared without case) with the same values. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Metadata m) || m.keys.length != keys.length) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      if (!keys[i].equalsIgnoreCase(m.keys[i]) || !values[i].equals(m.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < keys.length; i++) {
      int k = 0;
      for (int c = 0; c < keys[i].length(); c++) {
        k = 31 * k + Character.toLowerCase(Character.toUpperCase(keys[i].charAt(c)));
      }
      h += k ^ values[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }

  /** The index of {@code key} among the first {@code n} sorted keys, or {@code -(insertion point) - 1}. */
  private static int indexOf(String[] keys, int n, Object key) {
    if (!(key instanceof String s)) {
      return -1;
    }
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = String.CASE_INSENSITIVE_ORDER.compare(keys[mid], s);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  private static String[] insert(String[] a, int n, int at, String s) {
    String[] b = new String[n + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = s;
    System.arraycopy(a, at, b, at + 1, n - at);
    return b;
  }

  private static String[] remove(String[] a, int at) {
    String[] b = new String[a.length - 1];
    System.arraycopy(a, 0, b, 0, at);
    System.arraycopy(a, at + 1, b, at, a.length - at - 1);
    return b;
  }

  /** The read-only map view of {@link #asMap()}. */
  private final class View extends AbstractMap<String, String> {
    @Override
    public String get(Object key) {
      int i = indexOf(keys, keys.length, key);
      return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(keys, keys.length, key) >= 0;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keys.length;
        }

        @Override
        public Iterator<Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Entry<String, String> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(keys[i], values[i]);
            }
          };
        }
      };
    }
  }

  /**
   * Collects entries for one {@link Metadata}; a later {@link #put} of a key (compared without
   * case) replaces its value and keeps its first spelling. Not thread-safe.
   */
  public static final class Builder {
    private String[] keys;
    private String[] values;
    private int size;
    private boolean built;

    private Builder(String[] keys, String[] values) {
      this.keys = keys.length == 0 ? new String[4] : Arrays.copyOf(keys, keys.length + 2);
      this.values = values.length == 0 ? new String[4] : Arrays.copyOf(values, values.length + 2);
      this.size = keys.length;
    }

    /** Sets {@code key} (compared without case) to {@code value}. */
    public Builder put(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (built) {
        throw new IllegalStateException("built already");
      }
      int i = indexOf(keys, size, key);
      if (i >= 0) {
        values[i] = value;
        return this;
      }
      int at = -(i + 1);
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(keys, at, keys, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      keys[at] = key;
      values[at] = value;
      size++;
      return this;
    }

    /** The metadata; the builder cannot be used afterwards. */
    public Metadata build() {
      if (built) {
        throw new IllegalStateException("built already");
      }
      built = true;
      if (size == 0) {
        return EMPTY;
      }
      return new Metadata(size == keys.length ? keys : Arrays.copyOf(keys, size),
          size == values.length ? values : Arrays.copyOf(values, size));
    }
  }
}
