package dev.micro.events;

import dev.micro.Metadata;
import dev.micro.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One event of a stream: its id (a UUID by default), the topic it was published to, when it was
 * published, string metadata and an opaque payload. Immutable, except that the payload array is
 * shared: do not modify it.
 *
 * <p>{@link #toJson()} writes go-micro's event JSON,
 * {@code {"ID","Topic","Timestamp":"RFC3339Nano","Metadata":{...},"Payload":"<base64>"}}, which
 * is what the JetStream implementation puts on the wire, so Go services can read our events.
 */
public record Event(String id, String topic, Instant timestamp, Metadata metadata, byte[] payload) {

  /** Checks that no component is null. */
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(payload, "payload");
  }

  /** go-micro's JSON form of this event. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", id);
    m.put("Topic", topic);
    m.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
    m.put("Metadata", new TreeMap<>(metadata.asMap()));
    m.put("Payload", Base64.getEncoder().encodeToString(payload));
    return Json.write(m);
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads go-micro's event JSON. Missing fields become empty ones; a missing timestamp is the
   * epoch.
   *
   * @throws IllegalArgumentException if the text is not such an event
   */
  public static Event fromJson(String json) {
    Map<String, Object> m = Json.parseObject(json);
    Map<String, String> md = new LinkedHashMap<>();
    if (m.get("Metadata") instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> md.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    Object ts = m.get("Timestamp");
    Object payload = m.get("Payload");
    try {
      return new Event(string(m.get("ID")), string(m.get("Topic")),
          ts == null ? Instant.EPOCH : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(ts.toString(), Instant::from),
          Metadata.of(md), payload == null ? new byte[0] : Base64.getDecoder().decode(payload.toString()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a go-micro event: " + e.getMessage(), e);
    }
  }

  /** {@link #fromJson(String)} from UTF-8 bytes. */
  public static Event fromJson(byte[] json) {
    return fromJson(new String(json, StandardCharsets.UTF_8));
  }

  private static String string(Object o) {
    return o == null ? "" : o.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e && e.id.equals(id) && e.topic.equals(topic) && e.timestamp.equals(timestamp)
        && e.metadata.equals(metadata) && Arrays.equals(e.payload, payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, topic, timestamp, metadata, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "Event{id=" + id + ", topic=" + topic + ", timestamp=" + timestamp + ", metadata=" + metadata
        + ", payload=" + payload.length + " bytes}";
  }
}
