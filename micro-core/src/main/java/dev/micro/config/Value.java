package dev.micro.config;

import dev.micro.internal.Json;
import dev.micro.plugin.PluginUri;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The configured value at one path, as read from a {@link Config} at one moment; immutable.
 *
 * <p>Strings convert to the type asked for, since environment variables, flags and
 * {@code .properties} files have nothing else: {@code "5432"} is an int, {@code "true"} a
 * boolean, {@code "500ms"}, {@code "30s"} and {@code "PT5S"} durations (a bare number is
 * seconds), {@code "a,b"} a list. A value that is missing or of the wrong type fails with a
 * {@link ConfigException} naming the path and the type expected.
 *
 * <pre>{@code
 * int port = config.get("db.port").orElse(5432).asInt();
 * Optional<Duration> timeout = config.get("db.timeout").optionalDuration();
 * }</pre>
 */
public final class Value {
  private final String path;
  private final Object raw;

  Value(String path, Object raw) {
    this.path = path;
    this.raw = raw;
  }

  /** The dotted path this value was looked up at ({@code hosts[1]} for a list element). */
  public String path() {
    return path;
  }

  /** Whether anything is configured here. */
  public boolean isPresent() {
    return raw != null;
  }

  /** Whether this is a section (a map of keys). */
  public boolean isSection() {
    return raw instanceof Map;
  }

  /** This value if present, else {@code fallback} at the same path. */
  public Value orElse(Object fallback) {
    return raw != null ? this : new Value(path, Trees.normalize(Map.of("v", Objects.requireNonNull(fallback, "fallback")), true).get("v"));
  }

  /** The value below this one, for a section: {@code get("db").get("url")}. */
  public Value get(String subPath) {
    String full = path.isEmpty() ? subPath : path + "." + subPath;
    return new Value(full, raw instanceof Map<?, ?> m ? Trees.lookup(Trees.cast(m), subPath) : null);
  }

  public String asString() {
    Object v = require("a string");
    if (v instanceof Map || v instanceof List) {
      throw wrongType("a string");
    }
    return v.toString();
  }

  public long asLong() {
    Object v = require("an integer");
    try {
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof BigInteger b) {
        return b.longValueExact();
      }
      if (v instanceof Double || v instanceof BigDecimal) {
        return new BigDecimal(v.toString()).longValueExact();
      }
      if (v instanceof String s) {
        return new BigDecimal(s.trim()).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw wrongType("an integer");
    }
    throw wrongType("an integer");
  }

  public int asInt() {
    long l = asLong();
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw wrongType("an int");
    }
    return (int) l;
  }

  public double asDouble() {
    Object v = require("a number");
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw wrongType("a number");
      }
    }
    throw wrongType("a number");
  }

  /** {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
  public boolean asBoolean() {
    Object v = require("a boolean");
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v instanceof Map || v instanceof List ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw wrongType("a boolean");
    };
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT5S}); a bare number is seconds. */
  public Duration asDuration() {
    Object v = require("a duration");
    if (v instanceof Map || v instanceof List || v instanceof Boolean) {
      throw wrongType("a duration such as 500ms, 30s, PT5S");
    }
    try {
      return PluginUri.parseDuration(path, v.toString());
    } catch (IllegalArgumentException e) {
      throw wrongType("a duration such as 500ms, 30s, PT5S");
    }
  }

  /**
   * The elements: a list as is, a section whose keys are 0, 1, 2... ({@code hosts.0=a} in a
   * properties file) in order, or a comma-separated string split and trimmed.
   */
  public List<Value> asList() {
    Object v = require("a list");
    List<Object> items = new ArrayList<>();
    if (v instanceof List<?> l) {
      items.addAll(l);
    } else if (v instanceof Map<?, ?> m) {
      TreeMap<Integer, Object> byIndex = new TreeMap<>();
      m.forEach((k, x) -> {
        try {
          byIndex.put(Integer.parseInt((String) k), x);
        } catch (NumberFormatException e) {
          throw wrongType("a list");
        }
      });
      items.addAll(byIndex.values());
    } else if (v instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
    } else {
      items.add(v);
    }
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(new Value(path + "[" + i + "]", items.get(i)));
    }
    return List.copyOf(out);
  }

  /** The elements converted to {@code type}, as {@link Config#bind(String, Class)} would. */
  public <T> List<T> asList(Class<T> type) {
    return asList().stream().map(e -> e.as(type)).toList();
  }

  /** The section as an immutable tree of maps, lists and scalars. */
  public Map<String, Object> asMap() {
    Object v = require("a section");
    if (!(v instanceof Map)) {
      throw wrongType("a section");
    }
    return Trees.cast(v);
  }

  /** This value converted to {@code type}: a scalar, an enum, a record, as in binding. */
  public <T> T as(Class<T> type) {
    return Binder.bind(this, type);
  }

  public Optional<String> optionalString() {
    return optional(Value::asString);
  }

  public Optional<Integer> optionalInt() {
    return optional(Value::asInt);
  }

  public Optional<Long> optionalLong() {
    return optional(Value::asLong);
  }

  public Optional<Boolean> optionalBoolean() {
    return optional(Value::asBoolean);
  }

  public Optional<Double> optionalDouble() {
    return optional(Value::asDouble);
  }

  public Optional<Duration> optionalDuration() {
    return optional(Value::asDuration);
  }

  /** Empty when missing; a value of the wrong type still fails. */
  public <T> Optional<T> optional(Function<Value, T> conversion) {
    return raw == null ? Optional.empty() : Optional.of(conversion.apply(this));
  }

  /** The raw value: a map, a list, a string, a number or a boolean; null when missing. */
  Object raw() {
    return raw;
  }

  Object require(String expected) {
    if (raw == null) {
      throw new ConfigException(path, "config '" + path + "' is missing (expected " + expected + ")");
    }
    return raw;
  }

  ConfigException wrongType(String expected) {
    String found = raw instanceof Map ? "a section" : raw instanceof List ? "a list" : Json.write(raw);
    return new ConfigException(path, "config '" + path + "': expected " + expected + ", found " + found);
  }

  /** The value as JSON ({@code null} when missing). */
  public String toJson() {
    return Json.write(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value v && v.path.equals(path) && Objects.equals(v.raw, raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, raw);
  }

  @Override
  public String toString() {
    return path + "=" + toJson();
  }
}
