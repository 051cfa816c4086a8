package dev.micro.bench;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pub/sub on NATS, side by side: Micro's broker API against the raw jnats client doing the same
 * (one publisher, one subscriber, 1 KiB payloads), in each of the NATS broker's three wire forms.
 * Two more raw sides write what Micro's envelope and headers forms write, by hand and as cheaply
 * as they can ({@code Micro-Id} and {@code Micro-Topic}, as go-micro sends them): they split the
 * cost of a wire form from the cost of the framework. Reports messages per second through publish
 * and receipt, and end-to-end latency measured with a timestamp in the payload, at a paced rate.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.micro.bench.BrokerBenchmarks [nats://127.0.0.1:4222]
 * </pre>
 */
public final class BrokerBenchmarks {
  private static final int SIZE = 1024;
  private static final int THROUGHPUT_MESSAGES = 200_000;
  private static final int LATENCY_MESSAGES = 20_000;
  private static final int WARMUP_ROUNDS = 2;
  private static final int ROUNDS = 11;
  private static final int LATENCY_ROUNDS = 5;
  // Room for a whole run on both sides, so that a subscriber behind the publisher is measured
  // catching up rather than being rescued by the client dropping what it cannot take yet.
  private static final long PENDING_MESSAGES = THROUGHPUT_MESSAGES;
  private static final long PENDING_BYTES = 1L << 30;

  private BrokerBenchmarks() {}

  /** Sends and receives through one side; returns what it measured. */
  private interface Side extends AutoCloseable {
    void subscribe(String topic, java.util.function.Consumer<byte[]> handler) throws Exception;

    void publish(String topic, byte[] payload) throws Exception;

    @Override
    void close() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
    System.out.printf("Pub/sub on %s, %d-byte payloads; Micro's broker vs raw jnats%n%n", url, SIZE);
    String sep = url.contains("?") ? "&" : "?";
    String[] names = {"raw jnats", "raw envelope", "micro envelope", "raw headers", "micro headers", "micro binary"};
    String[] urls = {url, url, url, url, url + sep + "format=headers", url + sep + "format=binary"};
    // a Micro side, and the raw side writing the same form by hand (itself for raw jnats and binary)
    int[] baseline = {0, 1, 1, 3, 3, 5};
    // Two cores shared with nats-server make single runs swing widely: warm every side up, then
    // interleave the sides round by round and compare medians.
    for (int warm = 0; warm < WARMUP_ROUNDS; warm++) {
      for (int side = 0; side < names.length; side++) {
        throughput(side(side, urls[side]));
      }
    }
    double[][] runs = new double[names.length][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      StringBuilder line = new StringBuilder(String.format("round %d  msg/s:", round + 1));
      for (int side = 0; side < names.length; side++) {
        runs[side][round] = throughput(side(side, urls[side]));
        line.append(String.format("  %s %,8.0f", names[side], runs[side][round]));
      }
      System.out.println(line);
    }
    double raw = median(runs[0]);
    System.out.printf("%nmedian of %d rounds, throughput (published and received):%n", ROUNDS);
    for (int side = 0; side < names.length; side++) {
      double m = median(runs[side]);
      double[] ratios = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        ratios[round] = runs[side][round] / runs[0][round];
      }
      String form = baseline[side] == side ? "" : String.format("   %.2fx %s", m / median(runs[baseline[side]]),
          names[baseline[side]]);
      System.out.printf("  %-15s %,9.0f msg/s  %.2fx raw jnats (round by round %.2fx)%s%n", names[side], m, m / raw,
          median(ratios), form);
    }
    // A p99 of one run moves with one collection or one descheduled thread: interleave rounds here
    // too, and show the median round and the spread of p99 over the rounds.
    double[][] p50 = new double[names.length][LATENCY_ROUNDS];
    double[][] p99 = new double[names.length][LATENCY_ROUNDS];
    for (int round = 0; round < LATENCY_ROUNDS; round++) {
      for (int side = 0; side < names.length; side++) {
        double[] l = latency(side(side, urls[side]));
        p50[side][round] = l[0];
        p99[side][round] = l[1];
      }
    }
    System.out.printf("%nend-to-end latency at 5,000 msg/s, median of %d rounds:%n", LATENCY_ROUNDS);
    for (int side = 0; side < names.length; side++) {
      double[] sorted = p99[side].clone();
      Arrays.sort(sorted);
      System.out.printf("  %-15s p50 %5.0f us   p99 %6.0f us   (p99 over rounds %.0f..%.0f us)%n", names[side],
          median(p50[side]), median(p99[side]), sorted[0], sorted[sorted.length - 1]);
    }
  }

  private static Side side(int index, String url) throws Exception {
    return switch (index) {
      case 0 -> rawSide(url, RawForm.PLAIN);
      case 1 -> rawSide(url, RawForm.ENVELOPE);
      case 3 -> rawSide(url, RawForm.HEADERS);
      default -> microSide(url);
    };
  }

  /** What a raw side writes: the bare payload, or Micro's envelope or headers form made by hand. */
  private enum RawForm { PLAIN, ENVELOPE, HEADERS }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static Side rawSide(String url, RawForm form) throws Exception {
    // jnats' default listener logs every slow-consumer episode; Micro's broker logs them at most
    // every 10 s, so the raw side gets a silent one to keep the comparison on the same footing.
    Connection c = Nats.connect(new Options.Builder().server(url).errorListener(new ErrorListener() {}).build());
    return new Side() {
      Dispatcher d;

      @Override
      public void subscribe(String topic, java.util.function.Consumer<byte[]> handler) {
        d = c.createDispatcher(m -> {
          if (form == RawForm.ENVELOPE) {
            handler.accept(envelopeBody(m.getData()));
          } else {
            if (form == RawForm.HEADERS && m.getHeaders().getFirst("Micro-Id") == null) {
              throw new IllegalStateException("no Micro-Id");
            }
            handler.accept(m.getData());
          }
        });
        d.subscribe(topic);
        d.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
      }

      @Override
      public void publish(String topic, byte[] payload) {
        switch (form) {
          case PLAIN -> c.publish(topic, payload);
          case ENVELOPE -> c.publish(topic, envelope(topic, payload));
          case HEADERS -> {
            Headers h = new Headers();
            h.put("Micro-Id", cheapId());
            h.put("Micro-Topic", topic);
            c.publish(topic, h, payload);
          }
        }
      }

      @Override
      public void close() throws Exception {
        c.flush(Duration.ofSeconds(5));
        c.close();
      }
    };
  }

  /** A message id as cheap as Micro's own (a per-thread generator, not the shared secure one). */
  private static String cheapId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }

  private static final byte[] BODY_KEY = "\"Body\":\"".getBytes(StandardCharsets.US_ASCII);

  /** go-micro's envelope for {@code body}, written directly, without a JSON library. */
  private static byte[] envelope(String topic, byte[] body) {
    byte[] head = ("{\"Header\":{\"Micro-Id\":\"" + cheapId() + "\",\"Micro-Topic\":\"" + topic
        + "\"},\"Body\":\"").getBytes(StandardCharsets.US_ASCII);
    byte[] b64 = Base64.getEncoder().encode(body);
    byte[] out = new byte[head.length + b64.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(b64, 0, out, head.length, b64.length);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  /** The body of an envelope {@link #envelope} wrote: found by its key, not by parsing the JSON. */
  private static byte[] envelopeBody(byte[] envelope) {
    int start = indexOf(envelope, BODY_KEY) + BODY_KEY.length;
    int end = start;
    while (envelope[end] != '"') {
      end++;
    }
    ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(envelope, start, end - start));
    return decoded.remaining() == decoded.array().length ? decoded.array()
        : Arrays.copyOf(decoded.array(), decoded.remaining());
  }

  private static int indexOf(byte[] in, byte[] key) {
    outer:
    for (int i = 0; i + key.length <= in.length; i++) {
      for (int j = 0; j < key.length; j++) {
        if (in[i + j] != key[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("no " + new String(key, StandardCharsets.US_ASCII));
  }

  private static Side microSide(String url) {
    Broker b = Micro.broker(url + (url.contains("?") ? "&" : "?") + "pendingMessages=" + PENDING_MESSAGES
        + "&pendingBytes=" + PENDING_BYTES);
    return new Side() {
      @Override
      public void subscribe(String topic, java.util.function.Consumer<byte[]> handler) {
        b.subscribe(topic, d -> handler.accept(d.message().body()));
      }

      @Override
      public void publish(String topic, byte[] payload) {
        b.publish(topic, Message.of(payload));
      }

      @Override
      public void close() {
        b.close();
      }
    };
  }

  private static double throughput(Side side) throws Exception {
    try (side) {
      String topic = "bench-" + UUID.randomUUID();
      CountDownLatch all = new CountDownLatch(THROUGHPUT_MESSAGES);
      java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
      side.subscribe(topic, p -> {
        last.set(System.nanoTime());
        all.countDown();
      });
      Thread.sleep(200); // let the subscription reach the server
      byte[] payload = new byte[SIZE];
      long t0 = System.nanoTime();
      for (int i = 0; i < THROUGHPUT_MESSAGES; i++) {
        side.publish(topic, payload);
      }
      if (!all.await(20, TimeUnit.SECONDS)) {
        System.out.printf("  (received %d of %d: the rest were dropped: the subscriber fell behind)%n",
            THROUGHPUT_MESSAGES - all.getCount(), THROUGHPUT_MESSAGES);
      }
      // Up to the last message received, so that messages dropped by the server do not count as time.
      return (THROUGHPUT_MESSAGES - all.getCount()) / ((last.get() - t0) / 1e9);
    }
  }

  private static double[] latency(Side side) throws Exception {
    try (side) {
      String topic = "bench-" + UUID.randomUUID();
      long[] lat = new long[LATENCY_MESSAGES];
      AtomicInteger n = new AtomicInteger();
      CountDownLatch all = new CountDownLatch(LATENCY_MESSAGES);
      side.subscribe(topic, p -> {
        long sent = ByteBuffer.wrap(p).getLong();
        int i = n.getAndIncrement();
        if (i < lat.length) {
          lat[i] = System.nanoTime() - sent;
        }
        all.countDown();
      });
      Thread.sleep(200);
      byte[] payload = new byte[SIZE];
      long interval = 200_000; // 5,000 messages a second
      long next = System.nanoTime();
      for (int i = 0; i < LATENCY_MESSAGES; i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait); // not a spin: two cores are shared with the server
        }
        ByteBuffer.wrap(payload).putLong(System.nanoTime());
        side.publish(topic, payload.clone());
        next += interval;
      }
      all.await(1, TimeUnit.MINUTES);
      long[] got = Arrays.copyOf(lat, Math.min(n.get(), lat.length));
      Arrays.sort(got);
      return new double[] {got[got.length / 2] / 1000.0, got[(int) (got.length * 0.99)] / 1000.0};
    }
  }
}
