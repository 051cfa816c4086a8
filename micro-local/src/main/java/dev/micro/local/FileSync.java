package dev.micro.local;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.sync.Candidacy;
import dev.micro.sync.HeldLock;
import dev.micro.sync.Leader;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncArguments;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Locks and leaders for processes on one host ({@code file://}): each lock is an OS file lock on
 * {@code <dir>/<id>.lock}, so the operating system releases it the moment its process dies, however
 * it dies; that is the lock's expiry, and the TTL is only checked, never waited for. The fencing
 * token is a counter in {@code <id>.token} beside the lock file, incremented under the lock on
 * every acquire. Leader election runs on the same locks. Safe for concurrent use.
 *
 * <pre>{@code
 * try (Sync sync = FileSync.create(MicroHome.subdirectory("sync"));
 *      Lock lock = sync.lock("nightly-report", Duration.ofMinutes(1), Duration.ZERO)) {
 *   ...
 * }
 * }</pre>
 */
public final class FileSync implements Sync {
  // OS locks belong to the whole process: a second channel of this JVM locking the same file throws
  // OverlappingFileLockException instead of waiting, so holders in this JVM first queue on a gate
  // per file. Keyed by absolute path; one small entry per lock file ever used.
  private static final ConcurrentHashMap<Path, Semaphore> GATES = new ConcurrentHashMap<>();
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Path dir;
  private final String url;
  private final Set<FileHeldLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private final class FileHeldLock extends HeldLock {
    private final FileChannel channel;
    private final FileLock os;
    private final Semaphore gate;

    FileHeldLock(String id, long token, FileChannel channel, FileLock os, Semaphore gate) {
      super(id, token);
      this.channel = channel;
      this.os = os;
      this.gate = gate;
    }

    @Override
    public boolean isHeld() {
      return super.isHeld() && os.isValid();
    }

    @Override
    protected boolean release() {
      if (!held.remove(this)) {
        return false;
      }
      boolean valid = os.isValid();
      closeQuietly(channel); // closing the channel releases the OS lock
      gate.release();
      return valid;
    }
  }

  private FileSync(Path dir, String url) {
    this.dir = MicroHome.createDirectories(dir.toAbsolutePath().normalize());
    this.url = url;
  }

  /** Locks kept in {@code dir}, created if missing. */
  public static FileSync create(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return new FileSync(dir, "file://" + dir.toAbsolutePath());
  }

  static FileSync create(Path dir, String url) {
    return new FileSync(dir, url);
  }

  @Override
  public Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    return acquire(id, FileNames.segment(id), wait);
  }

  @Override
  public Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    // "%" never starts an escaped lock id's file name, so elections cannot collide with locks.
    Candidacy c = Candidacy.start(id, wait -> acquire(id, "%leader-" + FileNames.segment(id), wait));
    candidacies.add(c);
    return c;
  }

  private Lock acquire(String id, String name, Duration wait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    Path lockFile = dir.resolve(name + ".lock");
    Semaphore gate = GATES.computeIfAbsent(lockFile, k -> new Semaphore(1, true));
    if (!gate.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      throw SyncArguments.timeout(id, wait);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock os = waitForOsLock(channel, id, wait, deadline);
      long token = nextToken(dir.resolve(name + ".token"));
      FileHeldLock lock = new FileHeldLock(id, token, channel, os, gate);
      held.add(lock);
      channel = null; // the lock owns it now
      if (closed) {
        lock.unlock();
        throw new IllegalStateException("sync closed");
      }
      return lock;
    } catch (IllegalStateException e) {
      if (channel != null) {
        closeQuietly(channel);
        gate.release();
      }
      throw e;
    } catch (ClosedByInterruptException e) {
      closeQuietly(channel);
      gate.release();
      throw new InterruptedException("interrupted while waiting for lock '" + id + "'");
    } catch (IOException e) {
      closeQuietly(channel);
      gate.release();
      throw new MicroException(Status.UNAVAILABLE.withDescription("lock '" + id + "' in " + dir + ": " + e).withCause(e));
    } catch (RuntimeException | InterruptedException e) {
      closeQuietly(channel);
      gate.release();
      throw e;
    }
  }

  // Another process may hold the file; FileChannel.lock cannot time out, so poll with a short backoff.
  private static FileLock waitForOsLock(FileChannel channel, String id, Duration wait, long deadline)
      throws IOException, InterruptedException {
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      FileLock os = channel.tryLock();
      if (os != null) {
        return os;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw SyncArguments.timeout(id, wait);
      }
      Thread.sleep(Duration.ofNanos(Math.min(pause, left)));
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  // Called under the OS lock. Written by rename so a crash mid-write leaves the old value whole.
  private static long nextToken(Path file) throws IOException {
    long last = 0;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      last = text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (NoSuchFileException e) {
      // first acquire ever
    } catch (NumberFormatException e) {
      throw new IOException("corrupt fencing token file " + file, e);
    }
    long next = last + 1;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(StandardCharsets.UTF_8.encode(Long.toString(next)));
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return next;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // the lock goes with the descriptor either way
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sync closed");
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    closed = true;
    candidacies.forEach(Candidacy::resign);
    for (FileHeldLock l : List.copyOf(held)) {
      if (l.markLost("its Sync was closed")) {
        l.release();
      }
    }
  }

  @Override
  public String toString() {
    return "FileSync[" + dir + "]";
  }
}
