package dev.micro.broker;

import dev.micro.Metadata;
import dev.micro.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * go-micro's JSON encoding of a broker message, used on the wire by its http and nats brokers:
 * {@code {"Header":{"Micro-Topic":"orders",...},"Body":"<base64>"}}. Field names are Go's
 * (capitalised, no tags); the body is standard base64 with padding, as Go's {@code encoding/json}
 * writes a {@code []byte}. Stateless and thread-safe.
 */
public final class JsonEnvelope {
  private JsonEnvelope() {}

  /** The envelope bytes (UTF-8 JSON) for {@code message}. */
  public static byte[] encode(Message message) {
    // Written directly rather than through a generic JSON writer: the body is most of the bytes.
    StringBuilder head = new StringBuilder(64 + 32 * message.headers().size());
    head.append("{\"Header\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : message.headers().asMap().entrySet()) {
      if (!first) {
        head.append(',');
      }
      first = false;
      Json.quote(head, e.getKey());
      head.append(':');
      Json.quote(head, e.getValue());
    }
    head.append("},\"Body\":\"");
    byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] b = Base64.getEncoder().encode(message.body());
    byte[] out = new byte[h.length + b.length + 2];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(b, 0, out, h.length, b.length);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  /**
   * The message in an envelope. A missing or null {@code Header} or {@code Body} reads as empty;
   * header values that are not strings are taken as their JSON text.
   *
   * @throws IllegalArgumentException if the bytes are not such an envelope
   */
  public static Message decode(byte[] bytes) {
    Message fast = decodeOwnShape(bytes);
    if (fast != null) {
      return fast;
    }
    Map<String, Object> env = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    Object h = env.get("Header");
    if (h instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v != null) {
          headers.put(String.valueOf(k), v instanceof String s ? s : Json.write(v));
        }
      });
    } else if (h != null) {
      throw new IllegalArgumentException("envelope: Header is not an object");
    }
    Object b = env.get("Body");
    byte[] body;
    if (b == null) {
      body = new byte[0];
    } else if (b instanceof String s) {
      try {
        body = Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("envelope: Body is not base64: " + e.getMessage(), e);
      }
    } else {
      throw new IllegalArgumentException("envelope: Body is not a base64 string");
    }
    return new Message(Metadata.of(headers), body);
  }

  private static final byte[] OPEN = "{\"Header\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY = ",\"Body\":\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * The shape {@link #encode} writes and Go's encoder writes too (Header, then a base64 Body,
   * nothing else), read without parsing the body as JSON; null for any other shape.
   */
  private static Message decodeOwnShape(byte[] bytes) {
    int n = bytes.length;
    if (n < OPEN.length + BODY.length + 2 || bytes[n - 1] != '}' || bytes[n - 2] != '"' || !startsWith(bytes, OPEN)) {
      return null;
    }
    // Base64 has no quote, so the last ,"Body":" is the field itself; anything else fails to decode.
    int body = -1;
    for (int i = n - 2 - BODY.length; i >= OPEN.length; i--) {
      if (bytes[i] == ',' && regionMatches(bytes, i, BODY)) {
        body = i;
        break;
      }
    }
    if (body < 0) {
      return null;
    }
    Object h;
    try {
      h = Json.parse(new String(bytes, OPEN.length, body - OPEN.length, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!(h instanceof Map<?, ?> m)) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getValue() != null) {
        headers.put(String.valueOf(e.getKey()), e.getValue() instanceof String v ? v : Json.write(e.getValue()));
      }
    }
    int from = body + BODY.length;
    try {
      byte[] decoded = Base64.getDecoder().decode(java.util.Arrays.copyOfRange(bytes, from, n - 2));
      return new Message(Metadata.of(headers), decoded);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return regionMatches(bytes, 0, prefix);
  }

  private static boolean regionMatches(byte[] bytes, int at, byte[] part) {
    if (at + part.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < part.length; i++) {
      if (bytes[at + i] != part[i]) {
        return false;
      }
    }
    return true;
  }
}
