package dev.micro.http.internal;

import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * go-micro's HTTP ("mucp") header names and the rules around them: names compare without case,
 * {@code X-Micro-*} is an alias of {@code Micro-*}, {@code Timeout} is integer nanoseconds, and
 * every header that is not about the transport is call metadata.
 */
public final class MucpHeaders {
  public static final String SERVICE = "Micro-Service";
  public static final String ENDPOINT = "Micro-Endpoint";
  public static final String METHOD = "Micro-Method";
  public static final String ID = "Micro-Id";
  public static final String ERROR = "Micro-Error";
  /** Micro's addition: the exact status code (gRPC's number) of an error, beside go-micro's JSON. */
  public static final String CODE = "Micro-Code";
  public static final String TIMEOUT = "Timeout";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String DEFAULT_CONTENT_TYPE = "application/json";

  /** Headers about the transport or the call's routing, never metadata. */
  private static final Set<String> NOT_METADATA = caseInsensitive(
      "Host", "Content-Length", "Content-Type", "Connection", "Accept", "Accept-Encoding", "User-Agent",
      "Transfer-Encoding", "Timeout", "Keep-Alive", "Expect", "TE", "Trailer", "Upgrade", "Proxy-Connection",
      "Http2-Settings", SERVICE, ENDPOINT, METHOD, ID, CODE, "Micro-Stream",
      "X-" + SERVICE, "X-" + ENDPOINT, "X-" + METHOD, "X-" + ID, "X-Micro-Stream");

  /** Response headers a client does not pass on as metadata. */
  private static final Set<String> NOT_RESPONSE_METADATA = caseInsensitive(
      "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive", "Date", ":status");

  /** Headers {@link java.net.http.HttpClient} refuses to set, or that the transport sets itself. */
  private static final Set<String> NOT_SENT = caseInsensitive(
      "Connection", "Content-Length", "Expect", "Host", "Upgrade", "Content-Type", "Accept", "Timeout",
      SERVICE, ENDPOINT, METHOD, ID, "X-" + SERVICE, "X-" + ENDPOINT, "X-" + METHOD, "X-" + ID);

  private MucpHeaders() {}

  private static Set<String> caseInsensitive(String... names) {
    Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    s.addAll(List.of(names));
    return s;
  }

  /** The first value of {@code name}, compared without case, or of its {@code X-} alias. */
  public static Optional<String> first(Map<String, List<String>> headers, String name) {
    Optional<String> v = exact(headers, name);
    return v.isPresent() ? v : exact(headers, "X-" + name);
  }

  private static Optional<String> exact(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        String v = e.getValue().getFirst().strip();
        if (!v.isEmpty()) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /** The call metadata in request headers: every header that is not about the transport. */
  public static Metadata requestMetadata(Map<String, List<String>> headers) {
    return metadata(headers, NOT_METADATA);
  }

  /** The metadata in response headers. */
  public static Metadata responseMetadata(Map<String, List<String>> headers) {
    return metadata(headers, NOT_RESPONSE_METADATA);
  }

  private static Metadata metadata(Map<String, List<String>> headers, Set<String> excluded) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, values) -> {
      if (k != null && !values.isEmpty() && !excluded.contains(k)) {
        m.merge(k, String.join(",", values), (a, b) -> a + "," + b);
      }
    });
    return Metadata.of(m);
  }

  /** Whether a metadata entry may be sent as a request header. */
  public static boolean sendable(String name) {
    return !NOT_SENT.contains(name);
  }

  /** The deadline a {@code Timeout} header of integer nanoseconds sets; empty when absent or not a number. */
  public static Optional<Deadline> deadline(Map<String, List<String>> headers) {
    return exact(headers, TIMEOUT).flatMap(t -> {
      try {
        long nanos = Long.parseLong(t);
        return nanos > 0 ? Optional.of(Deadline.afterNanos(nanos)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty(); // go-micro ignores a timeout it cannot parse
      }
    });
  }

  /** go-micro's error JSON for an HTTP code that has no status code of its own (405). */
  public static String errorJson(String id, int httpCode, String reason, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("code", (long) httpCode);
    m.put("detail", detail);
    m.put("status", reason);
    return Json.write(m);
  }

  /**
   * The JSON as a legal header value: characters outside printable ASCII become {@code \\uXXXX}
   * escapes, which is still the same JSON because they can only occur inside strings.
   */
  public static String headerSafe(String json) {
    StringBuilder sb = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        if (sb == null) {
          sb = new StringBuilder(json.length() + 16).append(json, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? json : sb.toString();
  }
}
