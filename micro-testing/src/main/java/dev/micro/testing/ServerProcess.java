package dev.micro.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server process of a test's own, for outage tests that really stop a server: started from a
 * command line, ready once a given line appears in its output, and stopped ({@code SIGTERM}),
 * killed ({@code SIGKILL}) and restarted with the same command, so on the same port and data.
 * Not thread-safe.
 *
 * <pre>{@code
 * int port = ServerProcess.freePort();
 * try (ServerProcess nats = ServerProcess.start("Server is ready",
 *     ServerProcess.executable("nats-server", "nats-server").toString(), "-a", "127.0.0.1", "-p", "" + port)) {
 *   nats.kill();      // gone, as after a crash
 *   nats.restart();   // back on the same port
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(30);
  private static final int KEPT_LINES = 40;

  private final List<String> command;
  private final java.util.Map<String, String> environment;
  private final String readyLine;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private Process process;

  private ServerProcess(java.util.Map<String, String> environment, List<String> command, String readyLine) {
    this.command = List.copyOf(command);
    this.environment = java.util.Map.copyOf(environment);
    this.readyLine = readyLine;
  }

  /**
   * Starts {@code command} and waits until a line of its output (stdout or stderr) contains
   * {@code readyLine}.
   *
   * @throws IllegalStateException if it exits or stays silent for 30 s first, with its output
   */
  public static ServerProcess start(String readyLine, String... command) {
    return start(java.util.Map.of(), readyLine, command);
  }

  /** As {@link #start(String, String...)}, with {@code environment} added to this process's own. */
  public static ServerProcess start(java.util.Map<String, String> environment, String readyLine, String... command) {
    ServerProcess p = new ServerProcess(environment, List.of(command), readyLine);
    p.launch();
    return p;
  }

  /** A TCP port on loopback that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The executable {@code name} from {@code PATH}, {@code /usr/sbin}, {@code /usr/local/bin} or
   * {@code /usr/bin}.
   *
   * @throws IllegalStateException if there is none, naming the Debian package to install
   */
  public static Path executable(String name, String debianPackage) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/bin", "/usr/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    throw new IllegalStateException(name + " is not installed (apt-get install " + debianPackage
        + "; .ci/services installs it)");
  }

  private void launch() {
    CountDownLatch ready = new CountDownLatch(1);
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
      b.environment().putAll(environment);
      process = b.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
    }
    Process p = process;
    Thread.ofPlatform().daemon().name("server-output-" + p.pid()).start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lastLines) {
            if (lastLines.size() == KEPT_LINES) {
              lastLines.removeFirst();
            }
            lastLines.addLast(line);
          }
          if (line.contains(readyLine)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    });
    try {
      long deadline = System.nanoTime() + READY.toNanos();
      while (!ready.await(50, TimeUnit.MILLISECONDS)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException(command.get(0) + " did not get ready (exit "
              + (p.isAlive() ? "none" : p.exitValue()) + "); its last output:\n" + output());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted starting " + command.get(0), e);
    }
  }

  /** Stops the server with {@code SIGTERM}, as an operator would, and waits until it is gone. */
  public void stop() {
    end(false);
  }

  /** Kills the server with {@code SIGKILL}, as a crash would, and waits until it is gone. */
  public void kill() {
    end(true);
  }

  /**
   * Freezes the server ({@code SIGSTOP}): its sockets stay open but nothing answers, as with a
   * server stuck on a full disk or a long pause. {@link #resume()} lets it go on.
   */
  public void pause() {
    List<Long> pids = tree();
    signal("STOP", pids);
    // The signal is delivered before kill returns, but a thread running on another core stops only
    // when the kernel next looks at it: wait until every process says it is stopped.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (long pid : pids) {
      while (!stopped(pid)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("process " + pid + " did not stop within 10 s of SIGSTOP");
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Lets a {@link #pause() paused} server go on ({@code SIGCONT}). */
  public void resume() {
    signal("CONT", tree());
  }

  /** The server's process and every process it started (a launcher script's VM, say). */
  private List<Long> tree() {
    if (!isRunning()) {
      throw new IllegalStateException("not running");
    }
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    process.descendants().forEach(h -> pids.add(h.pid()));
    return pids;
  }

  /** Whether {@code /proc/<pid>/stat} shows the process stopped (or gone). */
  private static boolean stopped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't' || state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true; // gone
    }
  }

  private static void signal(String name, List<Long> pids) {
    try {
      List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
      pids.forEach(pid -> cmd.add(Long.toString(pid)));
      Process kill = new ProcessBuilder(cmd).inheritIO().start();
      // a helper process that ended meanwhile makes kill fail for its pid alone
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0 && ProcessHandle.of(pids.get(0)).isEmpty()) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending SIG" + name, e);
    }
  }

  /** Starts the server again with the same command and waits until it is ready. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("still running");
    }
    launch();
  }

  /** Whether the process is alive. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The last lines the server wrote, for failure messages. */
  public String output() {
    synchronized (lastLines) {
      return String.join("\n", lastLines);
    }
  }

  private void end(boolean kill) {
    if (process == null) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills the server if it runs. */
  @Override
  public void close() {
    kill();
  }
}
