package dev.micro.cli;

import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.rules.FileRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code micro auth rules list|create|delete}: the rules in {@code $MICRO_HOME/auth/rules.json},
 * which services following the file with {@link FileRules} pick up within a second.
 */
@Command(
    name = "rules",
    description = "Lists, creates and deletes the rules in $MICRO_HOME/auth/rules.json.",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.CreateRule.class, RulesCommand.DeleteRule.class})
final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: one of list, create, delete");
  }

  static Path file() {
    return FileRules.defaultFile();
  }

  /** {@code micro auth rules list}: one rule per line, tab-separated. */
  @Command(name = "list", description = "Lists the rules: id, scope, resource, access, priority.")
  static final class ListRules extends AuthCommand.Sub {
    @Override
    int execute() {
      out().println("ID\tSCOPE\tRESOURCE\tACCESS\tPRIORITY");
      for (Rule r : FileRules.read(file())) {
        String scope = r.scope().isEmpty() ? "<public>" : r.scope();
        Resource res = r.resource();
        out().println(r.id() + "\t" + scope + "\t" + res.type() + ":" + res.name() + ":" + res.endpoint() + "\t"
            + r.access().name().toLowerCase(java.util.Locale.ROOT) + "\t" + r.priority());
      }
      return 0;
    }
  }

  /** {@code micro auth rules create <id>}: adds a rule, or replaces the one with that id. */
  @Command(name = "create", description = "Adds a rule, or replaces the rule with the same id.")
  static final class CreateRule extends AuthCommand.Sub {
    @Parameters(paramLabel = "ID", description = "The rule id.")
    String id;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "*",
        description = "Scope a caller must hold; '*' any account (default), '' everyone, even without a token.")
    String scope;

    @Option(names = "--resource", required = true, paramLabel = "TYPE:NAME:ENDPOINT",
        description = "What the rule covers, with * wildcards, e.g. service:greeter:Greeter.*")
    String resource;

    @Option(names = "--access", paramLabel = "ACCESS", defaultValue = "granted", description = "granted (default) or denied.")
    String access;

    @Option(names = "--priority", paramLabel = "N", defaultValue = "0", description = "Higher wins (default: 0).")
    int priority;

    @Override
    int execute() {
      String[] parts = resource.split(":", 3);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
        throw new IllegalArgumentException("--resource: '" + resource + "' (expected: TYPE:NAME:ENDPOINT, e.g. service:greeter:*)");
      }
      Rule.Access a = switch (access.toLowerCase(java.util.Locale.ROOT)) {
        case "granted" -> Rule.Access.GRANTED;
        case "denied" -> Rule.Access.DENIED;
        default -> throw new IllegalArgumentException("--access: '" + access + "' (expected: granted or denied)");
      };
      Rule rule = new Rule(id, scope, new Resource(parts[0], parts[1], parts[2]), a, priority);
      List<Rule> rules = new ArrayList<>(FileRules.read(file()));
      rules.removeIf(r -> r.id().equals(id));
      rules.add(rule);
      FileRules.write(file(), rules);
      out().println("created rule " + id);
      return 0;
    }
  }

  /** {@code micro auth rules delete <id>}. */
  @Command(name = "delete", description = "Deletes the rule with this id.")
  static final class DeleteRule extends AuthCommand.Sub {
    @Parameters(paramLabel = "ID", description = "The rule id.")
    String id;

    @Override
    int execute() {
      List<Rule> rules = new ArrayList<>(FileRules.read(file()));
      if (!rules.removeIf(r -> r.id().equals(id))) {
        err().println("micro: no rule with id '" + id + "'");
        return MicroCommand.FAILED;
      }
      FileRules.write(file(), rules);
      out().println("deleted rule " + id);
      return 0;
    }
  }
}
