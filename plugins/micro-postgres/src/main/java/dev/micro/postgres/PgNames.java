package dev.micro.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SQL names for store databases (schemas) and tables, one to one and quoted. PostgreSQL keeps
 * {@code pg_} schema names for itself, so those (and, to stay one to one, names starting with
 * {@code _}) get a leading {@code _}; names past PostgreSQL's 63 bytes are cut and end in a hash
 * of the whole.
 */
final class PgNames {
  private static final int MAX_BYTES = 63;

  private PgNames() {}

  /** The quoted identifier for {@code name}. */
  static String quoted(String name) {
    String n = name.startsWith("pg_") || name.startsWith("_") ? "_" + name : name;
    if (n.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      String hash = sha256(name).substring(0, 16);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n.length(); ) {
        int cp = n.codePointAt(i);
        String c = Character.toString(cp);
        if ((sb + c).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES - 17) {
          break;
        }
        sb.append(c);
        i += Character.charCount(cp);
      }
      n = sb + "~" + hash;
    }
    return '"' + n.replace("\"", "\"\"") + '"';
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }
}
