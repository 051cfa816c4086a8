package dev.micro.local;

import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Run in a child JVM by {@link FileRegistryTest}: registers one node for 60 s, then waits to be killed. */
public final class RegisteringChild {
  private RegisteringChild() {}

  /** Arguments: registry directory, service name, node id. */
  public static void main(String[] args) throws InterruptedException {
    FileRegistry registry = FileRegistry.create(Path.of(args[0]));
    Node node = new Node(args[2], "127.0.0.1:9090", Map.of("protocol", "grpc"));
    registry.register(new ServiceRecord(args[1], "latest", Map.of(), List.of(), List.of(node)), Duration.ofSeconds(60));
    System.out.println("registered");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
