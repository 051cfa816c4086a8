package dev.micro.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class's {@code main} in a new JVM, the same Java and class path as this one, for tests
 * that need another process: to share a backend with, or to kill.
 *
 * <pre>{@code
 * Process child = ChildJvm.command(LockingChild.class, url, id).redirectErrorStream(true).start();
 * }</pre>
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** A process builder for {@code java -cp <this class path> main args...}, not started yet. */
  public static ProcessBuilder command(Class<?> main, String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * Reads {@code child}'s output until {@code count} lines have begun with {@code prefix}, then
   * kills it ({@code SIGKILL}) and waits until it is gone. Returns what followed the prefix on
   * those lines, fewer if the child ended first.
   */
  public static List<String> killAfter(Process child, String prefix, int count) throws IOException, InterruptedException {
    return kill(child, prefix, count, false);
  }

  /**
   * As {@link #killAfter}, but returns every line beginning with {@code prefix} that the child
   * wrote before it died: the {@code count} that made it kill the child, and any the child wrote
   * while the kill was on its way. (The last may be cut short by the kill.)
   */
  public static List<String> killAfterReadingAll(Process child, String prefix, int count)
      throws IOException, InterruptedException {
    return kill(child, prefix, count, true);
  }

  private static List<String> kill(Process child, String prefix, int count, boolean readAll)
      throws IOException, InterruptedException {
    List<String> seen = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (seen.size() < count && (line = out.readLine()) != null) {
        if (line.startsWith(prefix)) {
          seen.add(line.substring(prefix.length()));
        }
      }
      child.toHandle().destroyForcibly(); // unlike Process.destroyForcibly, leaves its output readable
      while (readAll && (line = out.readLine()) != null) { // what it wrote before it died
        if (line.startsWith(prefix)) {
          seen.add(line.substring(prefix.length()));
        }
      }
    } finally {
      child.destroyForcibly();
    }
    if (!child.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child " + child.pid() + " outlived SIGKILL for 10 s");
    }
    return seen;
  }
}
