package dev.micro.local;

import dev.micro.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncProcessTest {
  @TempDir Path dir;

  private Process child(String... args) throws IOException {
    return ChildJvm.command(LockingChild.class, args).redirectErrorStream(true).start();
  }

  @Test
  void threeProcessesIncrementingFiftyTimesEachUnderTheLockReachExactlyOneHundredFifty() throws Exception {
    Path counter = dir.resolve("counter");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(child("count", dir.toString(), "counter", counter.toString(), "50"));
    }
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }

    assertThat(Files.readString(counter).trim()).isEqualTo("150");
  }

  @Test
  void aHolderKilledWithSigkillReleasesTheLockAndTheNextTokenIsLarger() throws Exception {
    Process holder = child("hold", dir.toString(), "job");
    try (Sync sync = FileSync.create(dir)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
      assertThat(line).startsWith("locked ");
      long childToken = Long.parseLong(line.substring("locked ".length()));
      assertThat(sync.leader("unrelated").awaitLeadership(Duration.ofSeconds(5))).isTrue();
      CompletableFuture<Lock> next = CompletableFuture.supplyAsync(() -> {
        try {
          return sync.lock("job", Duration.ofSeconds(30), Duration.ofSeconds(30));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(next).isNotDone();

      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      Lock lock = next.get(10, TimeUnit.SECONDS);
      assertThat(lock.fencingToken()).isGreaterThan(childToken);
      lock.unlock();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void theFileUrlKeepsLocksInTheGivenDirectory() throws InterruptedException {
    try (Sync sync = Micro.sync("file://" + dir)) {
      assertThat(sync).isInstanceOf(FileSync.class);
      sync.lock("x", Duration.ofSeconds(5), Duration.ZERO).unlock();
    }

    assertThat(dir.resolve("x.lock")).exists();
    assertThat(dir.resolve("x.token")).hasContent("1");
  }

  private static String readLine(BufferedReader out) {
    try {
      String line = out.readLine();
      return line == null ? "child exited" : line;
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
