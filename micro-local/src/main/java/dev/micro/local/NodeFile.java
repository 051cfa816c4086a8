package dev.micro.local;

import dev.micro.internal.Json;
import dev.micro.registry.RecordJson;
import dev.micro.registry.ServiceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of one node's file: {@code {"expires":<epoch ms>,"pid":<pid>,"host":"<hostname>",
 * "service":<go-micro service JSON with just this node>}}, plus {@code "pidns"}, the pid namespace
 * of the writer where the OS has one, so that containers sharing a host name do not judge each
 * other's pids. Immutable.
 */
record NodeFile(long expires, long pid, String host, String pidns, ServiceRecord service) {
  /** Who this process is, as written into its node files. */
  record Owner(long pid, String host, String pidns) {
    static Owner current() {
      return new Owner(ProcessHandle.current().pid(), hostName(), pidNamespace());
    }

    /** Whether this is a process on {@code self}'s host and pid namespace, not self, that has ended. */
    boolean ended(Owner self) {
      boolean judgeable = pid > 0 && host.equals(self.host()) && pidns.equals(self.pidns()) && pid != self.pid();
      return judgeable && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("expires", expires);
    m.put("pid", pid);
    m.put("host", host);
    if (!pidns.isEmpty()) {
      m.put("pidns", pidns);
    }
    m.put("service", RecordJson.toMap(service));
    return Json.write(m);
  }

  /** Parses a node file; {@link IllegalArgumentException} when it is not one. */
  @SuppressWarnings("unchecked")
  static NodeFile parse(String json) {
    Map<String, Object> m = Json.parseObject(json);
    if (!(m.get("expires") instanceof Long expires) || !(m.get("service") instanceof Map<?, ?> service)) {
      throw new IllegalArgumentException("not a node file: expected \"expires\" and \"service\"");
    }
    ServiceRecord record = RecordJson.fromMap((Map<String, Object>) service);
    if (record.nodes().size() != 1) {
      throw new IllegalArgumentException("not a node file: expected one node, got " + record.nodes().size());
    }
    long pid = m.get("pid") instanceof Long p ? p : -1;
    String host = m.get("host") instanceof String h ? h : "";
    String pidns = m.get("pidns") instanceof String ns ? ns : "";
    return new NodeFile(expires, pid, host, pidns, record);
  }

  /** Whether the node is gone: its TTL passed, or its process on this host is dead. */
  boolean stale(long nowMillis, Owner self) {
    return expires <= nowMillis || new Owner(pid, host, pidns).ended(self);
  }

  private static String hostName() {
    try {
      Path linux = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(linux)) {
        return Files.readString(linux).trim();
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the portable ways
    }
    for (String env : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static String pidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
