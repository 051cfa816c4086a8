package dev.micro.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a {@link Value} to a Java type with plain reflection: scalars, enums, {@link Duration},
 * records (nested, with {@link Default}s), {@code List}, {@code Set}, {@code Map<String, T>} and
 * {@code Optional}. Stateless.
 */
final class Binder {
  private Binder() {}

  @SuppressWarnings("unchecked")
  static <T> T bind(Value value, Class<T> type) {
    return (T) bind(value, (Type) type);
  }

  static Object bind(Value value, Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type arg = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
      if (raw == Optional.class) {
        return value.isPresent() ? Optional.of(bind(value, arg)) : Optional.empty();
      }
      if (raw == List.class || raw == Set.class || raw == java.util.Collection.class) {
        List<Object> out = new ArrayList<>();
        for (Value v : value.asList()) {
          out.add(bind(v, arg));
        }
        return raw == Set.class ? Set.copyOf(out) : List.copyOf(out);
      }
      if (raw == Map.class) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : value.asMap().keySet()) {
          out.put(k, bind(value.get(k), arg));
        }
        return java.util.Collections.unmodifiableMap(out);
      }
      throw new IllegalArgumentException("cannot bind config '" + value.path() + "' to " + type);
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("cannot bind config '" + value.path() + "' to " + type);
    }
    if (c.isRecord()) {
      return record(value, c);
    }
    if (c == Optional.class) {
      return value.isPresent() ? Optional.of(value.raw()) : Optional.empty();
    }
    return scalar(value, c);
  }

  private static Object scalar(Value value, Class<?> c) {
    if (c == String.class) {
      return value.asString();
    }
    if (c == int.class || c == Integer.class) {
      return value.asInt();
    }
    if (c == long.class || c == Long.class) {
      return value.asLong();
    }
    if (c == boolean.class || c == Boolean.class) {
      return value.asBoolean();
    }
    if (c == double.class || c == Double.class) {
      return value.asDouble();
    }
    if (c == float.class || c == Float.class) {
      return (float) value.asDouble();
    }
    if (c == Duration.class) {
      return value.asDuration();
    }
    if (c.isEnum()) {
      String s = value.asString().trim();
      for (Object constant : c.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(s.replace('-', '_'))) {
          return constant;
        }
      }
      throw value.wrongType("one of " + List.of(c.getEnumConstants()));
    }
    if (c == Map.class) {
      return value.asMap();
    }
    if (c == List.class) {
      return value.asList().stream().map(Value::raw).toList();
    }
    if (c == Object.class) {
      return value.require("a value");
    }
    throw new IllegalArgumentException("cannot bind config '" + value.path() + "' to " + c.getName()
        + " (expected: a record, String, a number, boolean, Duration, an enum, List, Set, Map or Optional)");
  }

  private static Object record(Value section, Class<?> type) {
    if (section.isPresent() && !section.isSection()) {
      throw section.wrongType("a section for " + type.getSimpleName());
    }
    Map<String, Object> keys = section.isPresent() ? section.asMap() : Map.of();
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      types[i] = rc.getType();
      String key = key(keys, rc.getName());
      Value v = section.get(key);
      Default d = rc.getAnnotation(Default.class);
      if (!v.isPresent() && d != null) {
        v = new Value(v.path(), d.value());
      }
      args[i] = bind(v, rc.getGenericType());
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException(section.path(), "config '" + section.path() + "': " + type.getSimpleName()
          + " rejected its values: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot create " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  // Exact name first; then ignoring case, '-' and '_' (env vars arrive lower-cased: maxconnections).
  private static String key(Map<String, Object> keys, String name) {
    if (keys.containsKey(name)) {
      return name;
    }
    String wanted = loose(name);
    for (String k : keys.keySet()) {
      if (loose(k).equals(wanted)) {
        return k;
      }
    }
    return name;
  }

  private static String loose(String s) {
    return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
