package dev.micro.cli;

import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code micro store read|write|delete|list}: the records of a store, chosen by {@code --store}
 * (default {@code MICRO_STORE}, else the embedded file store), in a database and table.
 * Values are printed and taken as UTF-8 text.
 */
@Command(
    name = "store",
    description = "Reads, writes, deletes and lists records of a store.",
    subcommands = {StoreCommand.Read.class, StoreCommand.Write.class, StoreCommand.Delete.class, StoreCommand.ListKeys.class})
final class StoreCommand implements Runnable {
  @Option(names = "--store", paramLabel = "URL", description = "memory://, file://, postgres://..., redis://... (default: MICRO_STORE, else file://).")
  String store;

  @Option(names = "--database", defaultValue = "micro", description = "Database (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--table", defaultValue = "micro", description = "Table (default: ${DEFAULT-VALUE}).")
  String table;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: read, write, delete or list");
  }

  Store open() {
    return Micro.store(store != null ? store : Micro.defaultStoreUrl());
  }

  Scope scope() {
    return Scope.of(database, table);
  }

  /** A store subcommand: runs with the parent's store and scope. */
  abstract static class Sub extends MicroCommand {
    @ParentCommand StoreCommand parent;

    @Override
    final int execute() throws Exception {
      try (Store s = parent.open()) {
        return run(s, parent.scope());
      }
    }

    abstract int run(Store store, Scope scope);

    static Query query(String prefix, String suffix, int limit, int offset) {
      return Query.all().withPrefix(prefix).withSuffix(suffix).withLimit(limit).withOffset(offset);
    }
  }

  @Command(name = "read", description = "Prints the value of a key, or of every key with --prefix/--suffix (key<TAB>value).")
  static final class Read extends Sub {
    @Parameters(arity = "0..1", paramLabel = "KEY") String key;
    @Option(names = "--prefix", defaultValue = "") String prefix;
    @Option(names = "--suffix", defaultValue = "") String suffix;
    @Option(names = "--limit", defaultValue = "0") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;

    @Override
    int run(Store store, Scope scope) {
      if (key != null) {
        Optional<Record> r = store.read(scope, key);
        if (r.isEmpty()) {
          throw new MicroException(Status.NOT_FOUND.withDescription("no record '%s' in %s/%s", key, scope.database(), scope.table()), "micro.cli");
        }
        out().println(new String(r.get().value(), StandardCharsets.UTF_8));
        return 0;
      }
      for (Record r : store.read(scope, query(prefix, suffix, limit, offset))) {
        out().println(r.key() + "\t" + new String(r.value(), StandardCharsets.UTF_8));
      }
      return 0;
    }
  }

  @Command(name = "write", description = "Writes a record.")
  static final class Write extends Sub {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;
    @Option(names = "--ttl", paramLabel = "DURATION", description = "Expire after this long (500ms, 30s, 5m).") String ttl;

    @Override
    int run(Store store, Scope scope) {
      Record r = Record.of(key, value.getBytes(StandardCharsets.UTF_8));
      if (ttl != null) {
        r = r.withTtl(PluginUri.parseDuration("--ttl", ttl));
      }
      store.write(scope, r);
      return 0;
    }
  }

  @Command(name = "delete", description = "Deletes a record.")
  static final class Delete extends Sub {
    @Parameters(paramLabel = "KEY") String key;

    @Override
    int run(Store store, Scope scope) {
      store.delete(scope, key);
      return 0;
    }
  }

  @Command(name = "list", description = "Lists keys, one per line.")
  static final class ListKeys extends Sub {
    @Option(names = "--prefix", defaultValue = "") String prefix;
    @Option(names = "--suffix", defaultValue = "") String suffix;
    @Option(names = "--limit", defaultValue = "0") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;

    @Override
    int run(Store store, Scope scope) {
      store.list(scope, query(prefix, suffix, limit, offset)).forEach(out()::println);
      return 0;
    }
  }
}
