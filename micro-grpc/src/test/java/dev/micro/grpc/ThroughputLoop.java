package dev.micro.grpc;

import dev.micro.grpc.test.EchoGrpc;
import dev.micro.grpc.test.SayReply;
import dev.micro.grpc.test.SayRequest;
import dev.micro.server.PojoHandlerAdapter;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A quick unary throughput loop: raw grpc-java (default and virtual-thread executors) against the
 * Micro server, in one JVM, windows interleaved so that outside load hits all alike. Run by hand:
 * {@code ./mvnw -pl micro-grpc -am verify -Dtest=ThroughputLoop -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ThroughputLoop {
  static final int CONCURRENCY = 64;

  static final class RawEcho extends EchoGrpc.EchoImplBase {
    @Override
    public void say(SayRequest r, StreamObserver<SayReply> out) {
      out.onNext(SayReply.newBuilder().setText(r.getText()).build());
      out.onCompleted();
    }
  }

  public static final class EchoHandler {
    public SayReply say(SayRequest r) {
      return SayReply.newBuilder().setText(r.getText()).build();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(600)
  void measure() throws Exception {
    Server raw = NettyServerBuilder.forPort(0).addService(new RawEcho()).build().start();
    Server rawVirtual = NettyServerBuilder.forPort(0).addService(new RawEcho())
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build().start();
    TestServer micro = new TestServer(new PojoHandlerAdapter().adapt(new EchoHandler()));
    String[] names = {"raw-default", "raw-virtual", "micro"};
    int[] ports = {raw.getPort(), rawVirtual.getPort(), micro.server.port()};
    int n = names.length;
    long[] totals = new long[n];
    long[] cpu = new long[n];
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    SayRequest req = SayRequest.newBuilder().setText("hello").build();
    ManagedChannel[] channels = new ManagedChannel[n];
    for (int i = 0; i < n; i++) {
      channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", ports[i]).usePlaintext().build();
      run(EchoGrpc.newBlockingStub(channels[i]), req, 1500);
    }
    int rounds = Integer.getInteger("bench.rounds", 6);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < n; i++) {
        int k = (i + r) % n;
        long c0 = os.getProcessCpuTime();
        totals[k] += run(EchoGrpc.newBlockingStub(channels[k]), req, 2000);
        cpu[k] += os.getProcessCpuTime() - c0;
      }
    }
    for (int i = 0; i < n; i++) {
      System.out.printf("RESULT %-15s %.0f calls/s  %.1f us cpu/call (client+server)%n", names[i],
          totals[i] / (rounds * 2.0), cpu[i] / 1000.0 / totals[i]);
      channels[i].shutdownNow();
    }
    raw.shutdownNow();
    rawVirtual.shutdownNow();
    micro.close();
  }

  private static long run(EchoGrpc.EchoBlockingStub stub, SayRequest req, long millis) throws Exception {
    LongAdder n = new LongAdder();
    long end = System.currentTimeMillis() + millis;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONCURRENCY; i++) {
        pool.submit(() -> {
          while (System.currentTimeMillis() < end) {
            stub.say(req);
            n.increment();
          }
          return null;
        });
      }
    }
    return n.sum();
  }
}
