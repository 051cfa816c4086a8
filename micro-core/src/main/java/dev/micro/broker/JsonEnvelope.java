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
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("Header", new LinkedHashMap<>(message.headers().asMap()));
    env.put("Body", Base64.getEncoder().encodeToString(message.body()));
    return Json.write(env).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The message in an envelope. A missing or null {@code Header} or {@code Body} reads as empty;
   * header values that are not strings are taken as their JSON text.
   *
   * @throws IllegalArgumentException if the bytes are not such an envelope
   */
  public static Message decode(byte[] bytes) {
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
}
