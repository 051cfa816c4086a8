package dev.micro.registry;

import dev.micro.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * go-micro's JSON form of a {@link ServiceRecord}:
 * {@code {"name","version","metadata","endpoints":[{"name","request","response","metadata"}],
 * "nodes":[{"id","address","metadata"}]}}. Shared by every registry that stores JSON (file, etcd)
 * so that Java and Go services can read each other's records.
 */
public final class RecordJson {
  private RecordJson() {}

  /** The JSON text of a record. */
  public static String write(ServiceRecord s) {
    return Json.write(toMap(s));
  }

  /** A record from JSON text; {@link IllegalArgumentException} on malformed input. */
  public static ServiceRecord read(String json) {
    return fromMap(Json.parseObject(json));
  }

  public static Map<String, Object> toMap(ServiceRecord s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("version", s.version());
    m.put("metadata", s.metadata());
    List<Object> eps = new ArrayList<>();
    for (Endpoint e : s.endpoints()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("name", e.name());
      em.put("request", value(e.request()));
      em.put("response", value(e.response()));
      em.put("metadata", e.metadata());
      eps.add(em);
    }
    m.put("endpoints", eps);
    List<Object> nodes = new ArrayList<>();
    for (Node n : s.nodes()) {
      Map<String, Object> nm = new LinkedHashMap<>();
      nm.put("id", n.id());
      nm.put("address", n.address());
      nm.put("metadata", n.metadata());
      nodes.add(nm);
    }
    m.put("nodes", nodes);
    return m;
  }

  private static Object value(Value v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", v.name());
    m.put("type", v.type());
    List<Object> values = new ArrayList<>();
    for (Value c : v.values()) {
      values.add(value(c));
    }
    m.put("values", values.isEmpty() ? null : values);
    return m;
  }

  public static ServiceRecord fromMap(Map<String, Object> m) {
    Object name = m.get("name");
    if (!(name instanceof String n) || n.isEmpty()) {
      throw new IllegalArgumentException("service record without a name: " + m);
    }
    List<Endpoint> eps = new ArrayList<>();
    for (Map<String, Object> e : maps(m.get("endpoints"))) {
      eps.add(new Endpoint(str(e.get("name")), readValue(e.get("request")), readValue(e.get("response")), strings(e.get("metadata"))));
    }
    List<Node> nodes = new ArrayList<>();
    for (Map<String, Object> nm : maps(m.get("nodes"))) {
      nodes.add(new Node(str(nm.get("id")), str(nm.get("address")), strings(nm.get("metadata"))));
    }
    return new ServiceRecord(n, m.get("version") instanceof String v ? v : "latest", strings(m.get("metadata")), eps, nodes);
  }

  @SuppressWarnings("unchecked")
  private static Value readValue(Object o) {
    if (!(o instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) map;
    List<Value> values = new ArrayList<>();
    for (Map<String, Object> c : maps(m.get("values"))) {
      Value v = readValue(c);
      if (v != null) {
        values.add(v);
      }
    }
    return new Value(str(m.get("name")), str(m.get("type")), values);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        if (x instanceof Map<?, ?> mx) {
          out.add((Map<String, Object>) mx);
        }
      }
    }
    return out;
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (k != null && v != null) {
          out.put(k.toString(), v.toString());
        }
      });
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
