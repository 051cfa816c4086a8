package dev.micro.auth.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** An exclusive OS lock on a file, so that processes sharing the auth directory write one at a time. */
public final class DirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for the lock on {@code file}, creating the file if needed. */
  public static DirLock acquire(Path file) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileChannel ch = OwnerOnly.posix(file)
        ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OwnerOnly.FILE))
        : FileChannel.open(file, options);
    try {
      while (true) {
        try {
          return new DirLock(ch, ch.lock());
        } catch (OverlappingFileLockException e) {
          // Another instance in this JVM holds it; it releases within milliseconds.
          Thread.sleep(5);
        }
      }
    } catch (InterruptedException e) {
      ch.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the lock " + file, e);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
