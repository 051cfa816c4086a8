package dev.micro.plugin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin URL such as {@code etcd://10.0.0.1:2379,10.0.0.2:2379/prefix?ttl=30s}: a scheme, an
 * optional user, zero or more {@code host:port} addresses, a path and query parameters.
 * {@link java.net.URI} cannot hold several hosts, hence this small parser. Immutable.
 */
public final class PluginUri {
  private final String raw;
  private final String scheme;
  private final String user;
  private final List<String> hosts;
  private final String path;
  private final Map<String, String> params;

  private PluginUri(String raw, String scheme, String user, List<String> hosts, String path, Map<String, String> params) {
    this.raw = raw;
    this.scheme = scheme;
    this.user = user;
    this.hosts = hosts;
    this.path = path;
    this.params = params;
  }

  /**
   * Parses {@code text}. A bare word with no {@code ://} ({@code grpc}, {@code memory}) is taken
   * as a scheme with nothing else.
   *
   * @throws IllegalArgumentException if the scheme is empty or malformed
   */
  public static PluginUri parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    int sep = s.indexOf("://");
    String scheme = sep < 0 ? s : s.substring(0, sep);
    if (scheme.isEmpty() || !scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      throw new IllegalArgumentException("plugin url: '" + text + "' (expected: scheme://[user@]host:port[,host:port...][/path][?k=v&...])");
    }
    String rest = sep < 0 ? "" : s.substring(sep + 3);
    Map<String, String> params = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String kv : rest.substring(q + 1).split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        String k = decode(eq < 0 ? kv : kv.substring(0, eq));
        String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
        params.put(k, v);
      }
      rest = rest.substring(0, q);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = decode(rest.substring(0, at));
      rest = rest.substring(at + 1);
    }
    List<String> hosts = new ArrayList<>();
    for (String h : rest.split(",")) {
      if (!h.isBlank()) {
        hosts.add(h.trim());
      }
    }
    return new PluginUri(text, scheme.toLowerCase(java.util.Locale.ROOT), user, List.copyOf(hosts), path, Collections.unmodifiableMap(params));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public String scheme() {
    return scheme;
  }

  /** The user part ({@code user} or {@code user:password}), if any. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The {@code host:port} addresses in order; empty when none was given. */
  public List<String> hosts() {
    return hosts;
  }

  /** The path including its leading slash, or an empty string. */
  public String path() {
    return path;
  }

  public Map<String, String> params() {
    return params;
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** A duration parameter such as {@code 30s}, {@code 500ms}, {@code 2m}. */
  public Optional<Duration> durationParam(String name) {
    return param(name).map(v -> parseDuration(name, v));
  }

  /**
   * Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or an ISO-8601 duration
   * ({@code PT30S}); a bare number is seconds.
   */
  public static Duration parseDuration(String name, String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(v.trim().toUpperCase(java.util.Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
      }
      if (s.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("d")) {
        return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' (expected a duration such as 500ms, 30s, 5m, 7d)");
    }
  }

  @Override
  public String toString() {
    return raw;
  }
}
