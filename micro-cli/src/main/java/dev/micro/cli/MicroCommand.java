package dev.micro.cli;

import dev.micro.MicroException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the global options of {@link Main}, the command's output
 * streams, and the translation of failures into exit codes (a {@link MicroException} prints its
 * go-micro JSON to stderr and exits 1; a bad argument value exits 2).
 */
abstract class MicroCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  /** Does the command's work and returns its exit code. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (MicroException e) {
      err().println(e.toJson());
      err().flush();
      return FAILED;
    } catch (IllegalArgumentException e) {
      // Bad values found after parsing, such as a registry URL with an unknown scheme.
      err().println("micro: " + e.getMessage());
      err().flush();
      return USAGE;
    } finally {
      out().flush();
    }
  }

  /** The root command, holding the global options. */
  Main main() {
    return (Main) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  CommandLine commandLine() {
    return spec.commandLine();
  }
}
