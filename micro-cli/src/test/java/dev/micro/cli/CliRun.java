package dev.micro.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the command line in this JVM and captures what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    return withStdin("", args);
  }

  /** Runs with {@code stdin} as the input that {@code call --stream} reads messages from. */
  static CliRun withStdin(String stdin, String... args) {
    CommandLine cli = new CommandLine(new Main());
    CallCommand call = (CallCommand) cli.getSubcommands().get("call").getCommand();
    call.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
