package dev.micro.broker;

import dev.micro.Metadata;
import dev.micro.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * go-micro's JSON encoding of a broker message, used on the wire by its http and nats brokers:
 * {@code {"Header":{"Micro-Topic":"orders",...},"Body":"<base64>"}}. Field names are Go's
 * (capitalised, no tags); the body is standard base64 with padding, as Go's {@code encoding/json}
 * writes a {@code []byte}. Stateless and thread-safe.
 */
public final class JsonEnvelope {
  private JsonEnvelope() {}

  private static final byte[] OPEN = "{\"Header\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY = ",\"Body\":\"".getBytes(StandardCharsets.US_ASCII);

  /** The envelope bytes (UTF-8 JSON) for {@code message}. */
  public static byte[] encode(Message message) {
    // Written directly rather than through a generic JSON writer: this is on every publish. The
    // head goes to a small buffer first, so that the envelope itself is allocated once, exactly.
    Bytes head = new Bytes(OPEN.length + 2 + 48 * message.headers().size() + BODY.length);
    head.add(OPEN).add('{');
    message.headers().forEach((k, v) -> {
      if (head.size > OPEN.length + 1) {
        head.add(',');
      }
      head.string(k).add(':').string(v);
    });
    head.add('}').add(BODY);
    byte[] encoded = Base64.getEncoder().encode(message.body());
    byte[] out = new byte[head.size + encoded.length + 2];
    System.arraycopy(head.buf, 0, out, 0, head.size);
    System.arraycopy(encoded, 0, out, head.size, encoded.length);
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
    return fromObject(Json.parseObject(new String(bytes, StandardCharsets.UTF_8)));
  }

  /**
   * The message if {@code bytes} are an envelope: a JSON object whose only fields are
   * {@code Header} (an object or null) and {@code Body} (base64 or null), at least one of them.
   * Empty for any other payload, such as a plain JSON document from a publisher that does not use
   * envelopes, even one with a field called {@code Body} among others.
   */
  public static Optional<Message> decodeIfEnvelope(byte[] bytes) {
    Message fast = decodeOwnShape(bytes);
    if (fast != null) {
      return Optional.of(fast);
    }
    int first = 0;
    while (first < bytes.length && (bytes[first] == ' ' || bytes[first] == '\n' || bytes[first] == '\r'
        || bytes[first] == '\t')) {
      first++;
    }
    if (first == bytes.length || bytes[first] != '{') {
      return Optional.empty();
    }
    try {
      Map<String, Object> env = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
      return looksLikeEnvelope(env) ? Optional.of(fromObject(env)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean looksLikeEnvelope(Map<String, Object> env) {
    int fields = (env.containsKey("Header") ? 1 : 0) + (env.containsKey("Body") ? 1 : 0);
    Object h = env.get("Header");
    Object b = env.get("Body");
    return fields > 0 && fields == env.size() && (h == null || h instanceof Map) && (b == null || b instanceof String);
  }

  private static Message fromObject(Map<String, Object> env) {
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
    return Message.of(Metadata.of(headers), body);
  }

  /**
   * The shape {@link #encode} writes and Go's encoder writes too ({@code Header} with string
   * values, then a base64 {@code Body}, nothing else), read in one forward pass without a JSON
   * parser; null for any other shape, escapes included, which the general path then reads.
   */
  private static Message decodeOwnShape(byte[] bytes) {
    int n = bytes.length;
    if (n < OPEN.length + BODY.length + 4 || bytes[n - 1] != '}' || bytes[n - 2] != '"' || !startsWith(bytes, OPEN)) {
      return null;
    }
    int i = OPEN.length;
    if (bytes[i++] != '{') {
      return null;
    }
    Metadata.Builder headers = Metadata.builder();
    if (bytes[i] == '}') {
      i++;
    } else {
      while (true) {
        int keyEnd = plainStringEnd(bytes, i, n);
        if (keyEnd < 0 || bytes[keyEnd + 1] != ':') {
          return null;
        }
        int valueEnd = plainStringEnd(bytes, keyEnd + 2, n);
        if (valueEnd < 0) {
          return null;
        }
        headers.put(new String(bytes, i + 1, keyEnd - i - 1, StandardCharsets.UTF_8),
            new String(bytes, keyEnd + 3, valueEnd - keyEnd - 3, StandardCharsets.UTF_8));
        i = valueEnd + 1;
        byte c = bytes[i++];
        if (c == '}') {
          break;
        }
        if (c != ',') {
          return null;
        }
      }
    }
    if (!regionMatches(bytes, i, BODY) || i + BODY.length > n - 2) {
      return null;
    }
    try {
      ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(bytes, i + BODY.length, n - 2 - i - BODY.length));
      byte[] body = decoded.array();
      if (decoded.remaining() != body.length) {
        body = Arrays.copyOfRange(body, decoded.position(), decoded.limit());
      }
      return Message.of(headers.build(), body);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The index of the closing quote of the JSON string opening at {@code at}, if it has no escape
   * and ends before {@code limit} leaves room for one more byte; -1 otherwise.
   */
  private static int plainStringEnd(byte[] bytes, int at, int limit) {
    if (at >= limit || bytes[at] != '"') {
      return -1;
    }
    for (int i = at + 1; i < limit - 1; i++) {
      byte c = bytes[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        return -1;
      }
    }
    return -1;
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

  /** A growable byte array for writing an envelope. */
  private static final class Bytes {
    private byte[] buf;
    private int size;

    Bytes(int capacity) {
      buf = new byte[capacity];
    }

    Bytes add(int b) {
      room(1);
      buf[size++] = (byte) b;
      return this;
    }

    Bytes add(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    /** {@code s} as a JSON string: printable ASCII copied as is, anything else escaped or UTF-8. */
    Bytes string(String s) {
      int len = s.length();
      room(len + 2);
      buf[size++] = '"';
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          size -= i + 1; // back to the opening quote, then write it escaped
          StringBuilder sb = new StringBuilder(len + 8);
          Json.quote(sb, s);
          return add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        buf[size++] = (byte) c;
      }
      buf[size++] = '"';
      return this;
    }

    private void room(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
