package dev.micro.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code micro run <dir>}: builds a service project with the repository's Maven wrapper when its
 * runnable jar is missing or older than its sources, then runs the jar on the JDK this command
 * runs on, in the project directory, with this process's environment and terminal. Ctrl-C stops
 * the service; the command exits with the service's exit code.
 */
@Command(
    name = "run",
    description = {
      "Builds (when needed) and runs a service project, such as examples/greeter.",
      "The project's runnable jar is target/<artifactId>.jar; it is rebuilt with the repository's",
      "mvnw when any file under src/ or the pom.xml is newer. The service runs in DIR, with this",
      "environment and terminal; Ctrl-C stops it, and its exit code is this command's."
    })
final class RunCommand extends MicroCommand {
  private static final Pattern ARTIFACT_ID = Pattern.compile(
      "</parent>.*?<artifactId>\\s*([^<\\s]+)\\s*</artifactId>|^(?:(?!<parent>).)*?<artifactId>\\s*([^<\\s]+)\\s*</artifactId>",
      Pattern.DOTALL);

  @Parameters(index = "0", paramLabel = "DIR", description = "The service project directory (holding pom.xml).")
  Path dir;

  @Override
  int execute() throws IOException, InterruptedException {
    Path project = main().workingDirectory().resolve(dir).toAbsolutePath().normalize();
    Path pom = project.resolve("pom.xml");
    if (!Files.isRegularFile(pom)) {
      throw new IllegalArgumentException("run: " + project + " has no pom.xml (expected a service project directory)");
    }
    Path jar = project.resolve("target").resolve(artifactId(pom) + ".jar");
    if (isStale(jar, project)) {
      int built = build(project);
      if (built != 0) {
        err().println("micro: building " + project + " failed (exit " + built + ")");
        return built;
      }
      if (!Files.isRegularFile(jar)) {
        err().println("micro: the build did not produce " + jar + " (the project must build a runnable jar of that name)");
        return FAILED;
      }
    }
    return runJar(jar, project);
  }

  /** The project's own artifactId, the first one after the parent block if there is one. */
  static String artifactId(Path pom) throws IOException {
    String xml = Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
    Matcher m = ARTIFACT_ID.matcher(xml);
    if (!m.find()) {
      throw new IllegalArgumentException("run: no artifactId in " + pom);
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  /** Whether the jar is missing or older than the pom or any file under src. */
  static boolean isStale(Path jar, Path project) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return true;
    }
    FileTime built = Files.getLastModifiedTime(jar);
    if (Files.getLastModifiedTime(project.resolve("pom.xml")).compareTo(built) > 0) {
      return true;
    }
    Path src = project.resolve("src");
    if (!Files.isDirectory(src)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(src)) {
      return files.filter(Files::isRegularFile).anyMatch(f -> modified(f).compareTo(built) > 0);
    }
  }

  private static FileTime modified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int build(Path project) throws IOException, InterruptedException {
    Path root = repositoryRoot(project).orElseThrow(() -> new IllegalArgumentException(
        "run: no mvnw in " + project + " or any directory above it"));
    String module = root.relativize(project).toString();
    List<String> cmd = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-q", "-DskipTests", "package"));
    if (!module.isEmpty()) {
      cmd.addAll(List.of("-pl", module, "-am"));
    }
    err().println("micro: building " + (module.isEmpty() ? project.toString() : module));
    err().flush();
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO();
    // Maven runs on the JDK this command runs on, unless JAVA_HOME says otherwise.
    pb.environment().putIfAbsent("JAVA_HOME", javaHome().toString());
    return waitFor(pb.start());
  }

  private int runJar(Path jar, Path project) throws IOException, InterruptedException {
    List<String> cmd = List.of(javaHome().resolve("bin").resolve("java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString());
    return waitFor(new ProcessBuilder(cmd).directory(project.toFile()).inheritIO().start());
  }

  /** Waits for the child, destroying it if this process is stopped (Ctrl-C) first. */
  private static int waitFor(Process child) throws InterruptedException {
    Thread stopper = new Thread(() -> {
      child.destroy();
      try {
        child.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "micro-run-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return child.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running and will stop the child.
      }
    }
  }

  /** The nearest directory at or above {@code dir} that holds {@code mvnw}. */
  static Optional<Path> repositoryRoot(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The JDK running this command. */
  static Path javaHome() {
    return ProcessHandle.current().info().command()
        .map(Path::of)
        .map(java -> java.toAbsolutePath().getParent().getParent())
        .orElseGet(() -> Path.of(System.getProperty("java.home")));
  }
}
