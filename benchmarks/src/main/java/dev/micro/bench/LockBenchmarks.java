package dev.micro.bench;

import dev.micro.Micro;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lock acquire + release per second on each backend: one caller on one lock, and 8 callers on
 * 8 locks each. etcd at 127.0.0.1:2379, PostgreSQL at 5432 (database {@code test}), Redis at 6379,
 * and the embedded file locks.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.micro.bench.LockBenchmarks
 * </pre>
 */
public final class LockBenchmarks {
  private LockBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(Benchmarks.intArg(args, "--seconds", 3));
    Duration warmup = Duration.ofSeconds(Benchmarks.intArg(args, "--warmup", 2));
    String file = "file://" + Files.createTempDirectory("micro-lock-bench");
    System.out.printf("Lock acquire + release, %d s after %d s warm-up%n%n", measure.toSeconds(), warmup.toSeconds());
    for (String url : List.of("etcd://127.0.0.1:2379", "postgres://postgres@127.0.0.1:5432/test?pool=10",
        "redis://127.0.0.1:6379/0", file)) {
      try (Sync sync = Micro.sync(url)) {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Duration ttl = Duration.ofSeconds(10);
        Duration wait = Duration.ofSeconds(10);
        Load.Call one = () -> {
          Lock l = sync.lock(prefix + "one", ttl, wait);
          l.unlock();
        };
        Load.Call spread = () -> {
          Lock l = sync.lock(prefix + ThreadLocalRandom.current().nextInt(8), ttl, wait);
          l.unlock();
        };
        Load.Result r1 = Load.run("1 caller", 1, warmup, measure, one);
        Load.Result r8 = Load.run("8 callers", 8, warmup, measure, spread);
        System.out.printf("%-10s 1 caller %,8.0f/s (p50 %6.0f us)   8 callers on 8 locks %,8.0f/s (p99 %7.0f us)   errors %d/%d%n",
            url.substring(0, url.indexOf("://")), r1.perSecond(), r1.p50Micros(), r8.perSecond(), r8.p99Micros(), r1.errors(), r8.errors());
      }
    }
  }
}
