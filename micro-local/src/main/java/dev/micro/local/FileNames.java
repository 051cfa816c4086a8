package dev.micro.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns service names and node ids into single, safe path segments: every byte outside
 * {@code [A-Za-z0-9._-]} becomes {@code %XX}, and a leading dot is escaped too, so a name can
 * never be {@code .}, {@code ..}, a hidden or temporary file, or contain a separator. Distinct
 * names give distinct segments; very long names are shortened with a hash of the whole.
 */
final class FileNames {
  private static final int MAX = 200;

  private FileNames() {}

  static String segment(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '-' || b == '_' || (b == '.' && i > 0);
      if (plain) {
        sb.append((char) b);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    if (sb.isEmpty()) {
      return "%"; // never produced by escaping, so no other name maps here
    }
    if (sb.length() > MAX) {
      return sb.substring(0, MAX - 33) + "~" + sha256(name).substring(0, 32);
    }
    return sb.toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }
}
