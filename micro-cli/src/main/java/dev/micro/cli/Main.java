package dev.micro.cli;

import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.PluginDefaults;
import dev.micro.registry.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code micro} command: lists, describes and calls services found in a registry, runs
 * service projects, and reads and writes configuration.
 *
 * <pre>{@code
 * micro services
 * micro describe greeter
 * micro call greeter Greeter.Hello '{"name":"Alice"}'
 * micro run examples/greeter
 * micro auth create account orders --type service --scopes orders
 * micro config get db.url
 * }</pre>
 *
 * <p>Exit codes: 0 on success, 1 when a call or lookup fails (the error's JSON goes to stderr),
 * 2 for a usage error.
 */
@Command(
    name = "micro",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Lists, describes, calls and runs Micro services; manages accounts and rules.",
    subcommands = {
      ServicesCommand.class, DescribeCommand.class, CallCommand.class, RunCommand.class, StoreCommand.class, AuthCommand.class, ConfigCommand.class,
      MessagingCommands.Publish.class, MessagingCommands.Subscribe.class, MessagingCommands.Events.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Environment:",
      "  MICRO_REGISTRY   default for --registry (file:// when unset)",
      "  MICRO_TRANSPORT  default for --transport (grpc when unset)",
    })
public final class Main implements Runnable {

  @Option(
      names = "--registry",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "Registry to look services up in: file://, memory://, etcd://host:2379 (default: MICRO_REGISTRY, else file://).")
  String registry;

  @Option(
      names = "--transport",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "Transport for nodes that do not advertise one: grpc, http (default: MICRO_TRANSPORT, else grpc).")
  String transport;

  @Option(
      names = "--cwd",
      hidden = true,
      scope = ScopeType.INHERIT,
      description = "Directory that relative paths are resolved against (set by the launcher).")
  Path cwd;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    // Failures other than call errors and bad arguments: one line, not a stack trace.
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("micro: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: one of services, describe, call, run, store, auth, config, publish, subscribe, events");
  }

  /** The registry URL chosen by option, setting or default. */
  String registryUrl() {
    return registry != null ? registry : Micro.defaultRegistryUrl();
  }

  String transportName() {
    return transport != null ? transport : PluginDefaults.transport();
  }

  /** Opens the registry; the caller closes it. */
  Registry openRegistry() {
    return Micro.registry(registryUrl());
  }

  /** Builds a client on the chosen registry and transport; the caller closes it. */
  Client openClient() {
    return Micro.client().registry(registryUrl()).transport(transportName()).build();
  }

  /** The directory relative paths are resolved against. */
  Path workingDirectory() {
    if (cwd != null) {
      return cwd.toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  /** Prints the project version, read from a resource filtered by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"micro " + p.getProperty("version", "unknown")};
    }
  }
}
