package dev.micro.redis;

import dev.micro.store.Record;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A record's value, metadata and expiry as one Redis string, so one {@code SET} writes all of
 * it atomically: a version byte, the expiry in epoch milliseconds (-1 for none), the metadata
 * count and length-prefixed UTF-8 names and values, then the value bytes to the end.
 */
final class RecordBlob {
  private static final int VERSION = 1;

  private RecordBlob() {}

  static byte[] encode(Record r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.value().length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(r.expiry().map(Instant::toEpochMilli).orElse(-1L));
      out.writeInt(r.metadata().size());
      for (Map.Entry<String, String> e : r.metadata().entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      out.write(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The record stored under {@code key}; empty if the bytes are not a record this class wrote. */
  static Optional<Record> decode(String key, byte[] blob) {
    // Read in place: this runs on every read, and most records carry no metadata.
    try {
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(blob);
      if ((in.get() & 0xFF) != VERSION) {
        return Optional.empty();
      }
      long expiry = in.getLong();
      int n = in.getInt();
      if (n < 0) {
        return Optional.empty();
      }
      Map<String, String> metadata = n == 0 ? Map.of() : new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        metadata.put(readString(in), readString(in));
      }
      byte[] value = java.util.Arrays.copyOfRange(blob, in.position(), blob.length);
      return Optional.of(new Record(key, value, metadata, expiry < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiry))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String readString(java.nio.ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("bad length " + len);
    }
    String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return s;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
