package dev.micro.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The Micro home directory, where the embedded defaults keep their state (the file registry
 * under {@code registry/}, stores, keys): the system property {@code micro.home}, else the
 * environment variable {@code MICRO_HOME}, else {@code ~/.micro}.
 *
 * <p>Directories are created on demand, readable by their owner only where the file system
 * supports POSIX permissions. Stateless and safe for concurrent use.
 */
public final class MicroHome {
  private MicroHome() {}

  /** The home directory, created if missing. */
  public static Path directory() {
    return createDirectories(locate(System::getProperty, System::getenv));
  }

  /** A directory under the home ({@code registry}, {@code store}), created if missing. */
  public static Path subdirectory(String name) {
    Objects.requireNonNull(name, "name");
    Path home = directory();
    Path sub = home.resolve(name).normalize();
    if (!sub.startsWith(home) || sub.equals(home)) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a directory name under " + home + ")");
    }
    return createDirectories(sub);
  }

  /** Where the home is, from these property and environment lookups; nothing is created. */
  static Path locate(UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String dir = properties.apply("micro.home");
    if (dir == null || dir.isBlank()) {
      dir = environment.apply("MICRO_HOME");
    }
    if (dir == null || dir.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".micro").toAbsolutePath();
    }
    return Path.of(dir).toAbsolutePath();
  }

  /**
   * Creates {@code dir} and its missing parents, owner-only where POSIX permissions exist.
   *
   * @throws UncheckedIOException if it cannot be created
   */
  static Path createDirectories(Path dir) {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        return Files.createDirectories(dir, ownerOnly);
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }
}
