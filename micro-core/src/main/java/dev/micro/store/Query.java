package dev.micro.store;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which records a read or list returns: keys starting with {@link #prefix()} and ending with
 * {@link #suffix()}, in {@linkplain #KEY_ORDER key order}, skipping {@link #offset()} of them and
 * returning at most {@link #limit()} (0 for no limit). Immutable; {@code with…} methods return
 * copies.
 *
 * <pre>{@code
 * store.read(Query.prefix("user/").withLimit(10).withOffset(20));   // the third page of users
 * }</pre>
 *
 * @param prefix keys start with this; empty for any
 * @param suffix keys end with this; empty for any
 * @param limit at most this many results; 0 for all
 * @param offset skip this many results first
 */
public record Query(String prefix, String suffix, int limit, int offset) {

  /**
   * The order of results: by Unicode code point, which is also the byte order of UTF-8, so SQL
   * backends sorting bytes ({@code COLLATE "C"}, SQLite's {@code BINARY}) agree with it.
   */
  public static final Comparator<String> KEY_ORDER = Query::compareCodePoints;

  private static final Query ALL = new Query("", "", 0, 0);

  /**
   * @throws IllegalArgumentException if the limit or offset is negative
   */
  public Query {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0, 0 for no limit)");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
    }
  }

  /** Every record. */
  public static Query all() {
    return ALL;
  }

  /** Records whose keys start with {@code prefix}. */
  public static Query prefix(String prefix) {
    return ALL.withPrefix(prefix);
  }

  /** Records whose keys end with {@code suffix}. */
  public static Query suffix(String suffix) {
    return ALL.withSuffix(suffix);
  }

  public Query withPrefix(String prefix) {
    return new Query(prefix, suffix, limit, offset);
  }

  public Query withSuffix(String suffix) {
    return new Query(prefix, suffix, limit, offset);
  }

  /** A copy returning at most {@code limit} results; 0 for all. */
  public Query withLimit(int limit) {
    return new Query(prefix, suffix, limit, offset);
  }

  public Query withOffset(int offset) {
    return new Query(prefix, suffix, limit, offset);
  }

  /** Whether {@code key} has the prefix and the suffix. */
  public boolean matches(String key) {
    return key.startsWith(prefix) && key.endsWith(suffix);
  }

  /** The page of {@code sorted} (already filtered and in key order) that offset and limit select. */
  public <T> List<T> page(List<T> sorted) {
    int from = Math.min(offset, sorted.size());
    int to = limit == 0 ? sorted.size() : (int) Math.min(sorted.size(), (long) from + limit);
    return List.copyOf(sorted.subList(from, to));
  }

  /**
   * The smallest string greater than every key with the prefix, for range scans
   * ({@code key >= prefix AND key < bound} in key order); empty when there is none (no prefix, or
   * one made only of the highest code point).
   */
  public Optional<String> prefixUpperBound() {
    int[] cps = prefix.codePoints().toArray();
    for (int n = cps.length; n > 0; n--) {
      int last = cps[n - 1];
      if (last < Character.MAX_CODE_POINT) {
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n - 1; i++) {
          sb.appendCodePoint(cps[i]);
        }
        return Optional.of(sb.appendCodePoint(next).toString());
      }
    }
    return Optional.empty();
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
