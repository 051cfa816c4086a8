package dev.micro.server;

import dev.micro.registry.Value;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Describes a Java type as a registry {@link Value}: records by their components, other classes by
 * their instance fields, nested to depth 3 as go-micro does. Lists show as {@code []T}.
 */
public final class Shapes {
  private static final int MAX_DEPTH = 3;

  private Shapes() {}

  /** The shape of {@code type}, named by its simple name. */
  public static Value of(Type type) {
    Class<?> raw = raw(type);
    return new Value(raw.getSimpleName(), typeName(type), fields(raw, 1));
  }

  private static List<Value> fields(Class<?> c, int depth) {
    List<Value> out = new ArrayList<>();
    if (depth > MAX_DEPTH || isLeaf(c)) {
      return out;
    }
    if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        out.add(field(rc.getName(), rc.getGenericType(), depth));
      }
      return out;
    }
    for (Field f : c.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
        continue;
      }
      out.add(field(f.getName(), f.getGenericType(), depth));
    }
    return out;
  }

  private static Value field(String name, Type type, int depth) {
    Class<?> raw = raw(type);
    Class<?> element = raw;
    if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      element = raw(p.getActualTypeArguments()[0]);
    } else if (raw.isArray() && raw != byte[].class) {
      element = raw.getComponentType();
    }
    return new Value(name, typeName(type), fields(element, depth + 1));
  }

  /** A type's name in go-micro's style: {@code string}, {@code int64}, {@code []Item}. */
  public static String typeName(Type type) {
    Class<?> raw = raw(type);
    if (raw == String.class || raw == CharSequence.class) {
      return "string";
    }
    if (raw == int.class || raw == Integer.class) {
      return "int32";
    }
    if (raw == long.class || raw == Long.class) {
      return "int64";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "bool";
    }
    if (raw == double.class || raw == Double.class) {
      return "float64";
    }
    if (raw == float.class || raw == Float.class) {
      return "float32";
    }
    if (raw == byte[].class) {
      return "bytes";
    }
    if (raw.isArray()) {
      return "[]" + typeName(raw.getComponentType());
    }
    if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      return "[]" + typeName(p.getActualTypeArguments()[0]);
    }
    if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      return "map[" + typeName(p.getActualTypeArguments()[0]) + "]" + typeName(p.getActualTypeArguments()[1]);
    }
    return raw.getSimpleName();
  }

  private static boolean isLeaf(Class<?> c) {
    return c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.") || c == byte[].class;
  }

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }
}
