package dev.micro.cli;

import dev.micro.internal.Json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes maps, lists, strings, numbers, booleans and nulls as JSON indented by two spaces, the
 * way {@code json.MarshalIndent} lays it out. Maps with insertion order keep it; other maps
 * (metadata) are written sorted by key so the output is stable.
 */
final class PrettyJson {
  private PrettyJson() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "");
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, String indent) {
    switch (value) {
      case null -> sb.append("null");
      case Map<?, ?> m -> writeMap(sb, m, indent);
      case List<?> l -> writeList(sb, l, indent);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      default -> Json.quote(sb, value.toString());
    }
  }

  private static void writeMap(StringBuilder sb, Map<?, ?> map, String indent) {
    if (map.isEmpty()) {
      sb.append("{}");
      return;
    }
    Map<?, ?> ordered = map instanceof LinkedHashMap<?, ?> ? map : sorted(map);
    String inner = indent + "  ";
    sb.append("{\n");
    Iterator<? extends Map.Entry<?, ?>> it = ordered.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      sb.append(inner);
      Json.quote(sb, String.valueOf(e.getKey()));
      sb.append(": ");
      write(sb, e.getValue(), inner);
      sb.append(it.hasNext() ? ",\n" : "\n");
    }
    sb.append(indent).append('}');
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> t = new TreeMap<>();
    map.forEach((k, v) -> t.put(String.valueOf(k), v));
    return t;
  }

  private static void writeList(StringBuilder sb, List<?> list, String indent) {
    if (list.isEmpty()) {
      sb.append("[]");
      return;
    }
    String inner = indent + "  ";
    sb.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      sb.append(inner);
      write(sb, list.get(i), inner);
      sb.append(i < list.size() - 1 ? ",\n" : "\n");
    }
    sb.append(indent).append(']');
  }
}
