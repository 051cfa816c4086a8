package dev.micro.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on configuration trees: nested maps with string keys, lists and scalars. Trees
 * handed out are immutable, so a snapshot can be shared between threads without copying.
 */
final class Trees {
  private Trees() {}

  /** The segments of a dotted path; the empty path has none. */
  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("\\.")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * An immutable copy of {@code tree} with dotted keys expanded into nested maps, numbers widened
   * to {@code Long}/{@code Double}, nulls dropped and other objects turned into strings. A key that
   * is both a value and a section ({@code db=x} and {@code db.url=y}) is an error when
   * {@code strict}; otherwise the section wins (environment variables such as {@code MICRO_REGISTRY}
   * and {@code MICRO_REGISTRY_ADDRESS}).
   *
   * @throws IllegalArgumentException on a conflict in strict mode
   */
  static Map<String, Object> normalize(Map<?, ?> tree, boolean strict) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : tree.entrySet()) {
      Object v = scalarOrTree(e.getValue(), strict);
      if (v == null) {
        continue;
      }
      List<String> parts = split(String.valueOf(e.getKey()));
      if (parts.isEmpty()) {
        continue;
      }
      Map<String, Object> at = out;
      StringBuilder where = new StringBuilder();
      for (int i = 0; i < parts.size() - 1; i++) {
        String p = parts.get(i);
        where.append(where.isEmpty() ? "" : ".").append(p);
        Object child = at.get(p);
        if (!(child instanceof Map)) {
          if (child != null && strict) {
            throw conflict(where.toString());
          }
          child = new LinkedHashMap<String, Object>();
          at.put(p, child);
        }
        at = cast(child);
      }
      String last = parts.get(parts.size() - 1);
      where.append(where.isEmpty() ? "" : ".").append(last);
      Object old = at.get(last);
      if (old instanceof Map && v instanceof Map) {
        at.put(last, mergeTwo(cast(old), cast(v)));
      } else if (old != null && (old instanceof Map || v instanceof Map)) {
        if (strict) {
          throw conflict(where.toString());
        }
        at.put(last, old instanceof Map ? old : v);
      } else {
        at.put(last, v);
      }
    }
    return freeze(out);
  }

  private static IllegalArgumentException conflict(String path) {
    return new IllegalArgumentException("'" + path + "' is both a value and a section");
  }

  private static Object scalarOrTree(Object v, boolean strict) {
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      return normalize(m, strict);
    }
    if (v instanceof Iterable<?> it) {
      List<Object> list = new ArrayList<>();
      for (Object o : it) {
        Object n = scalarOrTree(o, strict);
        if (n != null) {
          list.add(n);
        }
      }
      return Collections.unmodifiableList(list);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Long || v instanceof Double || v instanceof BigInteger || v instanceof BigDecimal
        || v instanceof Boolean || v instanceof String) {
      return v;
    }
    return v.toString();
  }

  /** Deep merge: maps merge key by key, anything else in {@code top} replaces what is below. */
  static Map<String, Object> merge(List<Map<String, Object>> trees) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map<String, Object> t : trees) {
      out = mergeTwo(out, t);
    }
    return freeze(out);
  }

  private static Map<String, Object> mergeTwo(Map<String, Object> below, Map<String, Object> top) {
    Map<String, Object> out = new LinkedHashMap<>(below);
    top.forEach((k, v) -> {
      Object old = out.get(k);
      out.put(k, old instanceof Map && v instanceof Map ? mergeTwo(cast(old), cast(v)) : v);
    });
    return out;
  }

  private static Map<String, Object> freeze(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map ? freeze(cast(v)) : v));
    return Collections.unmodifiableMap(out);
  }

  /** The value at {@code path} (the whole tree for the empty path), or null if there is none. */
  static Object lookup(Map<String, Object> tree, String path) {
    Object at = tree;
    for (String p : split(path)) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(p);
    }
    return at;
  }

  /** A copy of {@code tree} with {@code value} at {@code path}; a null value removes it. */
  static Map<String, Object> with(Map<String, Object> tree, String path, Object value) {
    List<String> parts = split(path);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: a dotted path such as db.url)");
    }
    return with(tree, parts, 0, value);
  }

  private static Map<String, Object> with(Map<String, Object> tree, List<String> parts, int i, Object value) {
    Map<String, Object> out = new LinkedHashMap<>(tree);
    String key = parts.get(i);
    if (i == parts.size() - 1) {
      Object v = scalarOrTree(value, true);
      if (v == null) {
        out.remove(key);
      } else {
        out.put(key, v);
      }
    } else {
      Object child = out.get(key);
      out.put(key, with(child instanceof Map ? cast(child) : Map.of(), parts, i + 1, value));
    }
    return freeze(out);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }
}
