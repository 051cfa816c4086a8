package dev.micro.auth.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files and directories only their owner can read: 0700 directories, 0600 files, where POSIX exists. */
public final class OwnerOnly {
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  public static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} owner-only, or narrows an existing one to its owner. */
  public static Path directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        if (posix(dir)) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(DIR)) {
        Files.setPosixFilePermissions(dir, DIR);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }

  /** Replaces {@code file} atomically with {@code data}, owner-only from the first byte written. */
  public static void write(Path file, byte[] data) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Path tmp = posix(dir)
          ? Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(FILE))
          : Files.createTempFile(dir, ".tmp-", "");
      try {
        Files.write(tmp, data);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
