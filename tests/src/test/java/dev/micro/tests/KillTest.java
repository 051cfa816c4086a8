package dev.micro.tests;

import dev.micro.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.client.Strategy;
import dev.micro.examples.greeter.GreeterMain;
import dev.micro.examples.greeter.HelloReply;
import dev.micro.examples.greeter.HelloRequest;
import dev.micro.registry.Node;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three greeter processes on the file registry under a steady stream of calls; one is killed with
 * SIGKILL. No call fails (Hello is idempotent, so calls cut off by the kill are retried on another
 * node) and, once the dead node is ejected, no call is sent to it.
 */
class KillTest {
  private static final Pattern LISTENING = Pattern.compile("greeter (\\S+) listening on (\\S+)");

  @TempDir Path registryDir;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killAll() {
    processes.forEach(Process::destroyForcibly);
  }

  /** Starts a greeter process and returns its node id once it is registered. */
  private String startGreeter() throws Exception {
    ProcessBuilder pb = ChildJvm.command(GreeterMain.class);
    pb.environment().put("MICRO_REGISTRY", Fixtures.registryUrl(registryDir));
    pb.environment().put("MICRO_SERVER_ADDRESS", "127.0.0.1:0");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    processes.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return m.group(1);
      }
    }
    throw new AssertionError("greeter process exited with " + p.waitFor());
  }

  private record Pick(String node, long nanos) {}

  @Test
  void killingOneOfThreeNodesFailsNoCall() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(startGreeter());
    }
    ConcurrentLinkedQueue<Pick> picks = new ConcurrentLinkedQueue<>();
    Strategy roundRobin = Strategy.roundRobin();
    Strategy recording = (nodes, selection) -> {
      Node n = roundRobin.pick(nodes, selection);
      picks.add(new Pick(n.id(), System.nanoTime()));
      return n;
    };
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<MicroException> failures = new ConcurrentLinkedQueue<>();
    try (Client client = Micro.client().registry(Fixtures.registryUrl(registryDir)).strategy(recording).build()) {
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        callers.add(Thread.ofVirtual().start(() -> {
          while (running.get()) {
            try {
              HelloReply r = client.call("greeter", "Greeter.Hello", HelloRequest.newBuilder().setName("Alice").build(), HelloReply.class);
              if (r.getMessage().equals("Hello Alice")) {
                ok.incrementAndGet();
              }
            } catch (MicroException e) {
              failures.add(e);
            }
          }
        }));
      }
      org.awaitility.Awaitility.await().until(() -> ok.get() > 300);
      String victim = ids.get(0);
      processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long killedAt = System.nanoTime();
      int okAtKill = ok.get();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > okAtKill + 2000
          && System.nanoTime() - killedAt > TimeUnit.SECONDS.toNanos(2));
      running.set(false);
      for (Thread t : callers) {
        t.join(10_000);
      }
      assertThat(failures).as("failed calls").isEmpty();
      long afterEjection = killedAt + TimeUnit.SECONDS.toNanos(1);
      assertThat(picks.stream().filter(p -> p.node.equals(victim) && p.nanos > afterEjection).count())
          .as("calls sent to the killed node after its ejection").isZero();
      assertThat(picks.stream().filter(p -> p.nanos > afterEjection).map(Pick::node).distinct())
          .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
    }
  }
}
