package dev.micro.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
