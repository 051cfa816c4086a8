package dev.micro.cli;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.registry.RecordJson;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code micro describe <service>}: the service's registry record as pretty JSON in go-micro's
 * format: endpoints with request and response shapes and metadata, and nodes with id, address
 * and metadata. A service registered under several versions prints an array of records.
 */
@Command(
    name = "describe",
    description = "Shows a service's endpoints (request and response shapes, metadata) and nodes as JSON.")
final class DescribeCommand extends MicroCommand {

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service name.")
  String service;

  @Override
  int execute() {
    try (Registry registry = main().openRegistry()) {
      List<ServiceRecord> records = registry.getService(service);
      if (records.stream().allMatch(r -> r.nodes().isEmpty())) {
        throw new MicroException(
            Status.of(Status.Code.NOT_FOUND).withDescription("service " + service + " not found in " + registry.describe()),
            "micro.cli");
      }
      List<Object> maps = new ArrayList<>();
      for (ServiceRecord r : records) {
        maps.add(RecordJson.toMap(r));
      }
      out().println(PrettyJson.write(maps.size() == 1 ? maps.get(0) : maps));
    }
    return 0;
  }
}
