package dev.micro.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop load: {@code concurrency} virtual threads each call in a loop for a fixed time and
 * record every latency. Bounded in time and in calls; loopback only.
 */
final class Load {
  /** One call; throws on failure. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  /** Throughput and latency percentiles of one run. */
  record Result(String name, int concurrency, long calls, long errors, double seconds, double p50Micros, double p99Micros) {
    double perSecond() {
      return calls / seconds;
    }
  }

  private Load() {}

  /** The round with the median throughput. */
  static Result median(List<Result> rounds) {
    List<Result> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(Result::perSecond));
    return sorted.get(sorted.size() / 2);
  }

  static Result run(String name, int concurrency, Duration warmup, Duration measure, Call call) throws InterruptedException {
    if (!warmup.isZero()) {
      drive(concurrency, warmup, call, false);
    }
    if (measure.isZero()) {
      return new Result(name, concurrency, 0, 0, 0, 0, 0);
    }
    return drive(concurrency, measure, call, true).withName(name, concurrency);
  }

  private record Raw(long calls, long errors, double seconds, long[] latencies) {
    Result withName(String name, int concurrency) {
      long[] l = latencies;
      Arrays.sort(l);
      return new Result(name, concurrency, calls, errors, seconds, pct(l, 0.50) / 1000.0, pct(l, 0.99) / 1000.0);
    }
  }

  private static long pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static final int MAX_SAMPLES_PER_THREAD = 2_000_000;

  private static Raw drive(int concurrency, Duration length, Call call, boolean record) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    long[][] samples = new long[concurrency][];
    int[] counts = new int[concurrency];
    long[] errors = new long[concurrency];
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      int id = t;
      samples[id] = new long[record ? 1 << 16 : 0];
      threads.add(Thread.ofVirtual().start(() -> {
        while (!stop.get()) {
          long t0 = System.nanoTime();
          try {
            call.run();
          } catch (Exception e) {
            errors[id]++;
            continue;
          }
          long d = System.nanoTime() - t0;
          if (record && counts[id] < MAX_SAMPLES_PER_THREAD) {
            if (counts[id] == samples[id].length) {
              samples[id] = Arrays.copyOf(samples[id], samples[id].length * 2);
            }
            samples[id][counts[id]++] = d;
          } else if (!record) {
            counts[id]++;
          }
        }
      }));
    }
    Thread.sleep(length.toMillis());
    stop.set(true);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long total = 0;
    long errs = 0;
    for (int t = 0; t < concurrency; t++) {
      total += counts[t];
      errs += errors[t];
    }
    long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, total)];
    int at = 0;
    if (record) {
      for (int t = 0; t < concurrency; t++) {
        System.arraycopy(samples[t], 0, all, at, counts[t]);
        at += counts[t];
      }
    }
    return new Raw(total, errs, seconds, record ? Arrays.copyOf(all, at) : new long[0]);
  }
}
