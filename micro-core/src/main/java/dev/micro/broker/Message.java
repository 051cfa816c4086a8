package dev.micro.broker;

import dev.micro.Metadata;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A message on a topic: headers (compared without case) and an opaque body, as go-micro's
 * {@code broker.Message}. The message holds the body array it was given, without a copy (as jnats
 * and the AMQP client do), and {@link #body()} returns that array: once a message is made, nobody
 * may change the array. Equality compares the body's contents. Immutable.
 *
 * <pre>{@code
 * Message.of(Metadata.of("Content-Type", "application/json"), "{\"id\":1}".getBytes(UTF_8))
 * }</pre>
 */
public final class Message {
  /** The header naming the topic a message was published to. */
  public static final String TOPIC_HEADER = "Micro-Topic";
  /** The header carrying a message id, a random UUID unless the publisher chose one. */
  public static final String ID_HEADER = "Micro-Id";
  /** The header naming the body's encoding. */
  public static final String CONTENT_TYPE_HEADER = "Content-Type";

  private final Metadata headers;
  private final byte[] body;

  private Message(Metadata headers, byte[] body) {
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = Objects.requireNonNull(body, "body");
  }

  /** A message with headers and a body; the body array is taken as it is and must not change. */
  public static Message of(Metadata headers, byte[] body) {
    return new Message(headers, body);
  }

  /** A message with a body and no headers; the body array is taken as it is and must not change. */
  public static Message of(byte[] body) {
    return of(Metadata.empty(), body);
  }

  /** The headers, never null. */
  public Metadata headers() {
    return headers;
  }

  /** The payload, never null; the array itself, which callers must not change. */
  public byte[] body() {
    return body;
  }

  /** A copy with {@code key} set to {@code value}. */
  public Message withHeader(String key, String value) {
    return new Message(headers.with(key, value), body);
  }

  /** The {@code Micro-Id} header, or an empty string. */
  public String id() {
    return headers.get(ID_HEADER).orElse("");
  }

  /**
   * This message as published to {@code topic}: with {@code Micro-Topic} set to it and a random
   * {@code Micro-Id} if it had none. Brokers call this in {@link Broker#publish}.
   */
  public Message addressedTo(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (headers.isEmpty()) { // the common case, made without a builder
      return new Message(Metadata.of(ID_HEADER, randomId(), TOPIC_HEADER, topic), body);
    }
    boolean hasTopic = topic.equals(headers.get(TOPIC_HEADER).orElse(null));
    boolean hasId = headers.get(ID_HEADER).isPresent();
    if (hasTopic && hasId) {
      return this;
    }
    Metadata.Builder h = headers.toBuilder();
    if (!hasTopic) {
      h.put(TOPIC_HEADER, topic);
    }
    if (!hasId) {
      h.put(ID_HEADER, randomId());
    }
    return new Message(h.build(), body);
  }

  /**
   * A random version-4 UUID from a per-thread generator: message ids need to be unique, not
   * unguessable, and {@link UUID#randomUUID()}'s shared secure generator costs more than the rest of
   * a publish.
   */
  static String randomId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && m.headers.equals(headers) && Arrays.equals(m.body, body);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Message{headers=" + headers + ", body=" + body.length + " bytes}";
  }
}
