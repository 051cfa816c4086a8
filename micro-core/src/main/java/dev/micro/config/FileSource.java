package dev.micro.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A file in a format chosen by its extension ({@code .json}, {@code .properties}, and
 * {@code .yaml}/{@code .yml} with micro-json). Watched by polling its identity, modification time and size
 * every 250 ms by default (no file-system events: they miss edits on network and container
 * mounts, and editors that replace the file); a file changed within the last two seconds is also
 * compared by content, since a quick rewrite can keep both. A missing file is an error unless the
 * source is {@link #optional()}, in which case it reads as empty. Immutable; safe for concurrent
 * use.
 */
public final class FileSource implements ConfigSource {
  static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
  private static final long RECENT_NANOS = Duration.ofSeconds(2).toNanos();

  private final Path file;
  private final ConfigFormat format;
  private final Duration interval;
  private final boolean optional;

  private FileSource(Path file, ConfigFormat format, Duration interval, boolean optional) {
    this.file = file;
    this.format = format;
    this.interval = interval;
    this.optional = optional;
  }

  /**
   * The file at {@code file}, in the format of its extension.
   *
   * @throws IllegalArgumentException if no installed format reads that extension
   */
  public static FileSource of(Path file) {
    Path f = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    return new FileSource(f, ConfigFormats.get(f), DEFAULT_INTERVAL, false);
  }

  /** A copy polling every {@code interval}. */
  public FileSource withInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    return new FileSource(file, format, interval, optional);
  }

  /** A copy that reads a missing file as empty instead of failing. */
  public FileSource optional() {
    return new FileSource(file, format, interval, true);
  }

  public Path file() {
    return file;
  }

  @Override
  public String name() {
    return "file:" + file;
  }

  @Override
  public Map<String, Object> read() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (optional) {
        return Map.of();
      }
      throw new ConfigException("", "config file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("", "config file " + file + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return Trees.normalize(format.parse(content), true);
    } catch (RuntimeException e) {
      throw new ConfigException("", "config file " + file + " does not parse: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Watch> watch(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    Stamp first = stamp(); // now, not when the thread starts: a change in between must count
    Thread poller = Thread.ofVirtual().name("micro-config-file-" + file.getFileName()).start(() -> poll(first, onChange));
    return Optional.of(poller::interrupt);
  }

  /** What polling compares; the content hash only while the file is recent (0 otherwise). */
  private record Stamp(boolean exists, Object fileKey, long modifiedNanos, long size, int contentHash) {
    boolean differsFrom(Stamp o) {
      return exists != o.exists || !Objects.equals(fileKey, o.fileKey) || modifiedNanos != o.modifiedNanos || size != o.size
          || (contentHash != 0 && o.contentHash != 0 && contentHash != o.contentHash);
    }
  }

  private void poll(Stamp first, Runnable onChange) {
    Stamp last = first;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      Stamp now = stamp();
      if (now.differsFrom(last)) {
        onChange.run();
      }
      last = now;
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      long age = System.currentTimeMillis() * 1_000_000L - modified;
      int hash = age < RECENT_NANOS ? Arrays.hashCode(Files.readAllBytes(file)) : 0;
      return new Stamp(true, a.fileKey(), modified, a.size(), hash);
    } catch (IOException e) {
      return new Stamp(false, null, 0, 0, 0);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
