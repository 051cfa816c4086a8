package dev.micro.cli;

import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.config.Config;
import dev.micro.config.ConfigException;
import dev.micro.config.ConfigSource;
import dev.micro.config.Value;
import dev.micro.internal.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code micro config get|set}: reads the merged configuration a service would see, or writes a
 * value to a writable source.
 *
 * <pre>{@code
 * micro config get db                                     # env, system properties, ./micro.yaml|json
 * micro config --source file:///etc/app.yaml get db.url
 * micro config --source etcd://127.0.0.1:2379/micro/config set db.port 5432
 * }</pre>
 */
@Command(
    name = "config",
    description = "Reads the merged configuration, or writes a value to a writable source.",
    subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class})
final class ConfigCommand extends MicroCommand {

  @Option(
      names = "--source",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "A config source, repeatable, lowest precedence first: env://, system://, file:///path.yaml, "
          + "etcd://host:2379/prefix (default: MICRO_* variables, micro.* properties, micro.yaml/micro.json in the working directory).")
  List<String> sources;

  @Override
  int execute() {
    throw new CommandLine.ParameterException(commandLine(), "Missing command: one of get, set");
  }

  Config open() {
    if (sources == null || sources.isEmpty()) {
      return Config.of(Config.defaultSources(main().workingDirectory()));
    }
    return Micro.config(sources.toArray(String[]::new));
  }

  /** Runs {@code work} with the exit codes of {@link MicroCommand}. */
  static int guarded(CommandSpec spec, Callable<Integer> work) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return work.call();
    } catch (MicroException e) {
      err.println(e.toJson());
      return FAILED;
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      err.println("micro: " + e.getMessage());
      return USAGE;
    } finally {
      err.flush();
      spec.commandLine().getOut().flush();
    }
  }

  /** {@code micro config get [path]}: the value at a dotted path as JSON; no path prints everything. */
  @Command(name = "get", description = "Prints the value at a dotted path (db.url) as JSON; without a path, the whole configuration.")
  static final class Get implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Dotted path, such as db.url.")
    String path = "";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
      return guarded(spec, () -> {
        try (Config config = parent.open()) {
          Value value = config.get(path);
          if (!value.isPresent()) {
            throw new ConfigException(path, "config '" + path + "' is not set in " + config.sources().stream().map(ConfigSource::name).toList());
          }
          spec.commandLine().getOut().println(PrettyJson.write(Json.parse(value.toJson())));
          return 0;
        }
      });
    }
  }

  /** {@code micro config set <path> <json>}: writes to the last {@code --source}, which must be writable. */
  @Command(name = "set", description = "Writes a value (JSON; a bare word is a string) at a dotted path of the last --source, which must be writable (etcd://).")
  static final class Set implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "Dotted path, such as db.url.")
    String path;

    @Parameters(index = "1", paramLabel = "JSON", description = "The value: 5432, true, \"text\", [1,2], {\"k\":\"v\"}, or a bare word.")
    String json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
      return guarded(spec, () -> {
        if (parent.sources == null || parent.sources.isEmpty()) {
          throw new IllegalArgumentException("config set needs --source, a writable source such as etcd://127.0.0.1:2379/micro/config");
        }
        Object value = parse(json);
        try (ConfigSource source = Micro.configSource(parent.sources.get(parent.sources.size() - 1))) {
          if (!source.writable()) {
            throw new IllegalArgumentException("config source " + source.name() + " is read-only");
          }
          source.write(path, value);
        }
        return 0;
      });
    }

    // JSON where it looks like JSON; a bare word (jdbc:x, info) is taken as a string.
    private static Object parse(String text) {
      try {
        return Json.parse(text.trim());
      } catch (IllegalArgumentException e) {
        String t = text.trim();
        if (t.startsWith("{") || t.startsWith("[") || t.startsWith("\"")) {
          throw new IllegalArgumentException("value: " + e.getMessage());
        }
        return text;
      }
    }
  }
}
