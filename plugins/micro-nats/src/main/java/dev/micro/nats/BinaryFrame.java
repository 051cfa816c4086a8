package dev.micro.nats;

import dev.micro.Metadata;
import dev.micro.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Micro's compact binary form of a broker message on NATS ({@code ?format=binary}): the four
 * bytes {@code 00 4D 42 01}, the number of headers as an unsigned LEB128 varint, each header as a
 * varint length and UTF-8 key then a varint length and UTF-8 value, and then the body as it is.
 * The {@code Micro-Topic} header is left out when it equals the NATS subject, and put back from
 * the subject on receipt. Only Micro reads this form. Stateless.
 */
final class BinaryFrame {
  private static final byte[] MAGIC = {0x00, 0x4D, 0x42, 0x01};

  private BinaryFrame() {}

  /** Whether {@code data} begins as a frame does. */
  static boolean looksLikeFrame(byte[] data) {
    return data.length >= MAGIC.length + 1 && data[0] == MAGIC[0] && data[1] == MAGIC[1] && data[2] == MAGIC[2]
        && data[3] == MAGIC[3];
  }

  /** The frame for {@code message}, published to {@code subject}. */
  static byte[] encode(String subject, Message message) {
    // Two passes over the headers (size, then write) so that the frame is the only allocation.
    Metadata headers = message.headers();
    int[] size = {MAGIC.length + 5, 0};
    headers.forEach((k, v) -> {
      if (!isSubjectTopic(subject, k, v)) {
        size[0] += 10 + utf8Length(k) + utf8Length(v);
        size[1]++;
      }
    });
    byte[] body = message.body();
    byte[] out = new byte[size[0] + body.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    int[] at = {putVarint(out, MAGIC.length, size[1])};
    headers.forEach((k, v) -> {
      if (!isSubjectTopic(subject, k, v)) {
        at[0] = putString(out, at[0], k);
        at[0] = putString(out, at[0], v);
      }
    });
    System.arraycopy(body, 0, out, at[0], body.length);
    int end = at[0] + body.length;
    return end == out.length ? out : Arrays.copyOf(out, end);
  }

  private static boolean isSubjectTopic(String subject, String key, String value) {
    return value.equals(subject) && key.equalsIgnoreCase(Message.TOPIC_HEADER);
  }

  private static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }

  /** Writes {@code s} as a varint length and UTF-8; returns the index after it. */
  private static int putString(byte[] out, int at, String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        at = putVarint(out, at, b.length);
        System.arraycopy(b, 0, out, at, b.length);
        return at + b.length;
      }
    }
    at = putVarint(out, at, n);
    s.getBytes(0, n, out, at); // all ASCII: one byte per char
    return at + n;
  }

  /**
   * The message in a frame received on {@code subject}, or null if {@code data} is not a
   * well-formed frame (then it is someone else's payload).
   */
  static Message decode(String subject, byte[] data) {
    if (!looksLikeFrame(data)) {
      return null;
    }
    int[] at = {MAGIC.length};
    long count = varint(data, at);
    if (count < 0 || count > data.length) {
      return null;
    }
    Metadata.Builder headers = Metadata.builder();
    boolean topic = false;
    for (long i = 0; i < count; i++) {
      String key = string(data, at);
      String value = key == null ? null : string(data, at);
      if (value == null) {
        return null;
      }
      topic |= key.equalsIgnoreCase(Message.TOPIC_HEADER);
      headers.put(key, value);
    }
    if (!topic) {
      headers.put(Message.TOPIC_HEADER, subject);
    }
    return Message.of(headers.build(), Arrays.copyOfRange(data, at[0], data.length));
  }

  private static int putVarint(byte[] out, int at, int value) {
    while ((value & ~0x7F) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  /** The varint at {@code at[0]}, moving past it; -1 if it runs off the end or past 31 bits. */
  private static long varint(byte[] data, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      if (at[0] >= data.length) {
        return -1;
      }
      byte b = data[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value <= Integer.MAX_VALUE ? value : -1;
      }
    }
    return -1;
  }

  private static String string(byte[] data, int[] at) {
    long len = varint(data, at);
    if (len < 0 || len > data.length - at[0]) {
      return null;
    }
    String s = new String(data, at[0], (int) len, StandardCharsets.UTF_8);
    at[0] += (int) len;
    return s;
  }
}
