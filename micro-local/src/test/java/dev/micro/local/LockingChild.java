package dev.micro.local;

import dev.micro.sync.Lock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link FileSyncProcessTest}. {@code count <dir> <id> <counter> <n>}
 * increments the number in {@code counter} n times under the lock; {@code hold <dir> <id>} takes
 * the lock, prints {@code locked <token>} and waits to be killed.
 */
public final class LockingChild {
  private LockingChild() {}

  public static void main(String[] args) throws Exception {
    try (FileSync sync = FileSync.create(Path.of(args[1]))) {
      if (args[0].equals("hold")) {
        Lock lock = sync.lock(args[2], Duration.ofSeconds(30), Duration.ofSeconds(30));
        System.out.println("locked " + lock.fencingToken());
        System.out.flush();
        new CountDownLatch(1).await();
      }
      Path counter = Path.of(args[3]);
      int n = Integer.parseInt(args[4]);
      for (int i = 0; i < n; i++) {
        try (Lock lock = sync.lock(args[2], Duration.ofSeconds(30), Duration.ofSeconds(60))) {
          String text = Files.exists(counter) ? Files.readString(counter, StandardCharsets.UTF_8).trim() : "";
          long value = text.isEmpty() ? 0 : Long.parseLong(text);
          Thread.yield();
          Files.writeString(counter, Long.toString(value + 1), StandardCharsets.UTF_8);
        }
      }
    }
  }
}
