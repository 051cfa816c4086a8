package dev.micro.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** Reads message bodies without ever holding more than the size limit. */
public final class Bodies {
  private Bodies() {}

  /**
   * Reads the whole stream if it holds at most {@code max} bytes; returns null, having read at
   * most {@code max + 1} bytes, if it holds more.
   */
  public static byte[] readAtMost(InputStream in, int max, OptionalLong declaredLength) throws IOException {
    if (declaredLength.isPresent() && declaredLength.getAsLong() <= max) {
      return in.readNBytes((int) declaredLength.getAsLong());
    }
    byte[] b = in.readNBytes(max);
    if (b.length == max && in.read() != -1) {
      return null;
    }
    return b;
  }

  /** A {@code Content-Length} value, empty when absent or malformed. */
  public static OptionalLong length(String contentLength) {
    if (contentLength == null) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(contentLength.strip());
      return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
