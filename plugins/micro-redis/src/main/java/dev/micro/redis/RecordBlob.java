package dev.micro.redis;

import dev.micro.store.Record;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob))) {
      if (in.readUnsignedByte() != VERSION) {
        return Optional.empty();
      }
      long expiry = in.readLong();
      int n = in.readInt();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        metadata.put(readString(in), readString(in));
      }
      byte[] value = in.readAllBytes();
      return Optional.of(new Record(key, value, metadata, expiry < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiry))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > in.available()) {
      throw new IOException("bad length " + len);
    }
    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }
}
