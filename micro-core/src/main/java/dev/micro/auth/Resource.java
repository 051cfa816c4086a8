package dev.micro.auth;

import java.util.Objects;

/**
 * What a call reaches, as rules name it: the type ({@code service}), the service name and the
 * endpoint ({@code Greeter.Hello}). In a {@link Rule}, the name and endpoint may hold {@code *}
 * wildcards: {@code *} matches anything, {@code Greeter.*} every endpoint of a handler.
 */
public record Resource(String type, String name, String endpoint) {
  /** The type of a service endpoint. */
  public static final String SERVICE = "service";

  public Resource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** An endpoint of a service; either part may be a pattern when used in a rule. */
  public static Resource service(String name, String endpoint) {
    return new Resource(SERVICE, name, endpoint);
  }

  /** Whether this pattern (from a rule) matches the concrete resource {@code r}. */
  public boolean matches(Resource r) {
    return glob(type, r.type) && glob(name, r.name) && glob(endpoint, r.endpoint);
  }

  /** {@code *} matches any run of characters, including none; everything else matches itself. */
  static boolean glob(String pattern, String text) {
    if (pattern.equals("*")) {
      return true;
    }
    int star = pattern.indexOf('*');
    if (star < 0) {
      return pattern.equals(text);
    }
    String[] parts = pattern.split("\\*", -1);
    if (!text.startsWith(parts[0])) {
      return false;
    }
    int at = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = text.indexOf(parts[i], at);
      if (found < 0) {
        return false;
      }
      at = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return text.length() - at >= last.length() && text.endsWith(last);
  }
}
