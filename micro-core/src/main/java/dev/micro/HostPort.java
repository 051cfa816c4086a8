package dev.micro;

/** A parsed {@code host:port}; {@code [::1]:80} for IPv6, {@code :8080} for any host. */
record HostPort(String host, int port) {
  static HostPort parse(String s) {
    String t = s.trim();
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address: '" + s + "' (expected: host:port)");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    try {
      int port = Integer.parseInt(t.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address: '" + s + "' (expected: a port from 0 to 65535)");
    }
  }
}
