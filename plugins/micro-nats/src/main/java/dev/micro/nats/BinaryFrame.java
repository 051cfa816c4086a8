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
    // Sized exactly first, so that the frame is the only allocation. Header names and values are
    // nearly always ASCII: one byte a character, copied straight; anything else goes as UTF-8.
    Metadata headers = message.headers();
    Sizer sizer = new Sizer(subject);
    headers.forEach(sizer);
    byte[] body = message.body();
    byte[] out = new byte[MAGIC.length + varintLength(sizer.count) + sizer.bytes + body.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    Writer writer = new Writer(subject, out, putVarint(out, MAGIC.length, sizer.count), sizer.ascii);
    headers.forEach(writer);
    System.arraycopy(body, 0, out, writer.at, body.length);
    return out;
  }

  private static boolean isSubjectTopic(String subject, String key, String value) {
    return value.equals(subject) && key.equalsIgnoreCase(Message.TOPIC_HEADER);
  }

  /** Counts the headers a frame carries and their encoded size. */
  private static final class Sizer implements java.util.function.BiConsumer<String, String> {
    private final String subject;
    int count;
    int bytes;
    boolean ascii = true;

    Sizer(String subject) {
      this.subject = subject;
    }

    @Override
    public void accept(String key, String value) {
      if (!isSubjectTopic(subject, key, value)) {
        count++;
        bytes += length(key) + length(value);
      }
    }

    private int length(String s) {
      int n = s.length();
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) >= 0x80) {
          ascii = false;
          n = s.getBytes(StandardCharsets.UTF_8).length;
          break;
        }
      }
      return varintLength(n) + n;
    }
  }

  /** Writes the headers a {@link Sizer} counted. */
  private static final class Writer implements java.util.function.BiConsumer<String, String> {
    private final String subject;
    private final byte[] out;
    private final boolean ascii;
    int at;

    Writer(String subject, byte[] out, int at, boolean ascii) {
      this.subject = subject;
      this.out = out;
      this.at = at;
      this.ascii = ascii;
    }

    @Override
    public void accept(String key, String value) {
      if (!isSubjectTopic(subject, key, value)) {
        put(key);
        put(value);
      }
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, and copies directly
    private void put(String s) {
      if (ascii) {
        int n = s.length();
        at = putVarint(out, at, n);
        s.getBytes(0, n, out, at);
        at += n;
      } else {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        at = putVarint(out, at, b.length);
        System.arraycopy(b, 0, out, at, b.length);
        at += b.length;
      }
    }
  }

  private static int varintLength(int value) {
    int n = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
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
