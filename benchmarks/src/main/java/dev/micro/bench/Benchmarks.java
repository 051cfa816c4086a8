package dev.micro.bench;

import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.examples.greeter.ChatMessage;
import dev.micro.examples.greeter.GreeterGrpc;
import dev.micro.examples.greeter.GreeterMain;
import dev.micro.examples.greeter.GreeterService;
import dev.micro.examples.greeter.HelloReply;
import dev.micro.examples.greeter.HelloRequest;
import dev.micro.registry.MemoryRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micro against raw grpc-java, side by side in one run, on the greeter service: unary Hello at
 * concurrency 1 and 64, bidirectional-stream messages per second, the in-process path, and a
 * greeter process's start time and resident memory after 10,000 calls.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--seconds 5] [--warmup 5]
 * </pre>
 */
public final class Benchmarks {
  private static final HelloRequest HELLO = HelloRequest.newBuilder().setName("Alice").build();

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(intArg(args, "--seconds", 5));
    Duration warmup = Duration.ofSeconds(intArg(args, "--warmup", 5));
    System.out.printf("Micro vs raw grpc-java, greeter Hello: %d interleaved rounds of %d s after %d s warm-up each, median shown; %d cores, Java %s%n%n",
        ROUNDS, measure.toSeconds(), warmup.toSeconds(), Runtime.getRuntime().availableProcessors(), Runtime.version());

    // Two raw baselines: grpc-java as it comes (a cached thread pool runs handlers), and tuned with
    // the virtual-thread executor Micro itself uses, which is the stronger of the two here.
    Server raw = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new GreeterService()).build().start();
    Server rawVt = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new GreeterService())
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build().start();
    ManagedChannel rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", raw.getPort()).usePlaintext().build();
    ManagedChannel rawVtChannel = NettyChannelBuilder.forAddress("127.0.0.1", rawVt.getPort()).usePlaintext().build();
    GreeterGrpc.GreeterBlockingStub rawStub = GreeterGrpc.newBlockingStub(rawChannel);
    GreeterGrpc.GreeterBlockingStub rawVtStub = GreeterGrpc.newBlockingStub(rawVtChannel);

    MemoryRegistry registry = new MemoryRegistry();
    Service micro = Micro.service("greeter").registry(registry).transport("grpc").handle(new GreeterService()).start();
    Client client = Micro.client().registry(registry).localCalls(false).build();

    // The machine is small and noisy: each contender runs in short interleaved rounds and the
    // round with the median throughput is reported.
    for (int c : new int[] {1, 64}) {
      List<List<Load.Result>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      List<String> names = List.of("raw grpc-java", "raw grpc-java vt", "micro");
      List<Load.Call> calls = List.of(() -> rawStub.hello(HELLO), () -> rawVtStub.hello(HELLO),
          () -> client.call("greeter", "Greeter.Hello", HELLO, HelloReply.class));
      for (int i = 0; i < 3; i++) {
        Load.run(names.get(i), c, warmup, Duration.ZERO, calls.get(i));
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 3; i++) {
          rounds.get(i).add(Load.run(names.get(i), c, Duration.ZERO, measure, calls.get(i)));
        }
      }
      print(Load.median(rounds.get(0)), Load.median(rounds.get(1)), Load.median(rounds.get(2)));
    }

    double rawStream = rawStreamRate(rawVtChannel, 200_000);
    double microStream = microStreamRate(client, 200_000);
    System.out.printf("%nbidi stream Chat, 200000 messages pipelined on one stream:%n");
    System.out.printf("  raw grpc-java %,12.0f msg/s%n  micro         %,12.0f msg/s   ratio %.2f%n", rawStream, microStream, microStream / rawStream);

    Load.Result local = Load.run("micro in-process", 1, warmup, measure,
        () -> micro.client().call("greeter", "Greeter.Hello", HELLO, HelloReply.class));
    System.out.printf("%nin-process fast path (service's own client), concurrency 1:%n  %,10.0f calls/s  p50 %.1f us  p99 %.1f us%n",
        local.perSecond(), local.p50Micros(), local.p99Micros());

    client.close();
    micro.stop();
    registry.close();
    rawChannel.shutdownNow();
    rawVtChannel.shutdownNow();
    raw.shutdownNow();
    rawVt.shutdownNow();

    startAndMemory();
  }

  private static final int ROUNDS = 3;


  private static void print(Load.Result raw, Load.Result rawVt, Load.Result micro) {
    System.out.printf("unary Hello, concurrency %d:%n", raw.concurrency());
    for (Load.Result r : List.of(raw, rawVt, micro)) {
      System.out.printf("  %-17s %,10.0f calls/s   p50 %7.1f us   p99 %7.1f us   errors %d%n",
          r.name(), r.perSecond(), r.p50Micros(), r.p99Micros(), r.errors());
    }
    System.out.printf("  micro/raw         throughput %.2fx   p99 %.2fx%n", micro.perSecond() / raw.perSecond(), micro.p99Micros() / raw.p99Micros());
    System.out.printf("  micro/raw vt      throughput %.2fx   p99 %.2fx%n%n", micro.perSecond() / rawVt.perSecond(), micro.p99Micros() / rawVt.p99Micros());
  }

  private static double rawStreamRate(ManagedChannel channel, int n) throws InterruptedException {
    AtomicLong received = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    long t0 = System.nanoTime();
    StreamObserver<ChatMessage> out = GreeterGrpc.newStub(channel).chat(new StreamObserver<>() {
      @Override
      public void onNext(ChatMessage value) {
        received.incrementAndGet();
      }

      @Override
      public void onError(Throwable t) {
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    ChatMessage m = ChatMessage.newBuilder().setText("hello").build();
    for (int i = 0; i < n; i++) {
      out.onNext(m);
    }
    out.onCompleted();
    done.await(5, TimeUnit.MINUTES);
    return received.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double microStreamRate(Client client, int n) throws InterruptedException {
    long t0 = System.nanoTime();
    try (ClientStream<ChatMessage, ChatMessage> s = client.stream("greeter", "Greeter.Chat", ChatMessage.class)) {
      ChatMessage m = ChatMessage.newBuilder().setText("hello").build();
      Thread sender = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < n; i++) {
          s.send(m);
        }
        s.closeSend();
      });
      long received = 0;
      while (s.receive().isPresent()) {
        received++;
      }
      sender.join();
      return received / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** Starts a greeter process, times it to registered, makes 10,000 calls and reads its RSS. */
  private static void startAndMemory() throws Exception {
    Path home = Files.createTempDirectory("micro-bench");
    String url = "file://" + home.resolve("registry");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        GreeterMain.class.getName());
    pb.environment().put("MICRO_REGISTRY", url);
    pb.redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.contains("listening on")) {
        // skip log lines
      }
      double startMillis = (System.nanoTime() - t0) / 1e6;
      Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
      try (Client c = Micro.client().registry(url).build()) {
        for (int i = 0; i < 10_000; i++) {
          c.call("greeter", "Greeter.Hello", HELLO, HelloReply.class);
        }
      }
      long rssKb = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
      System.out.printf("%ngreeter process: start to registered %.0f ms (JVM start included); resident memory after 10,000 calls %.1f MiB%n",
          startMillis, rssKb / 1024.0);
    } finally {
      p.destroyForcibly();
    }
  }

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
