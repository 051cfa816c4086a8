package dev.micro.cli;

import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code micro services}: the names of the registered services, one per line, sorted. */
@Command(
    name = "services",
    description = "Lists the names of the registered services, one per line, sorted.")
final class ServicesCommand extends MicroCommand {

  @Override
  int execute() {
    try (Registry registry = main().openRegistry()) {
      TreeSet<String> names = new TreeSet<>();
      for (ServiceRecord r : registry.listServices()) {
        names.add(r.name());
      }
      names.forEach(out()::println);
    }
    return 0;
  }
}
