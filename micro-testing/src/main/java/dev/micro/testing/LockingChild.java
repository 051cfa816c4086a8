package dev.micro.testing;

import dev.micro.Micro;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process for {@link LockContract}'s multi-process test: opens {@code Micro.sync(url)} and, n
 * times, takes the lock, reads a counter file, writes it back incremented, and releases. Any lost
 * update shows as a final count below the expected one.
 *
 * <pre>java -cp ... dev.micro.testing.LockingChild URL LOCK_ID COUNTER_FILE N</pre>
 */
public final class LockingChild {
  private LockingChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String id = args[1];
    Path counter = Path.of(args[2]);
    int n = Integer.parseInt(args[3]);
    try (Sync sync = Micro.sync(url)) {
      for (int i = 0; i < n; i++) {
        Lock lock = sync.lock(id, Duration.ofSeconds(30), Duration.ofMinutes(2));
        try {
          String text = Files.exists(counter) ? Files.readString(counter, StandardCharsets.UTF_8).trim() : "";
          long value = text.isEmpty() ? 0 : Long.parseLong(text);
          Thread.yield();
          Files.writeString(counter, Long.toString(value + 1), StandardCharsets.UTF_8);
        } finally {
          lock.unlock();
        }
      }
    }
    System.out.println("done");
    System.exit(0);
  }
}
