package dev.micro.nats;

import dev.micro.testing.ServerProcess;
import java.nio.file.Path;

/** A nats-server of a test's own, with JetStream, on a free loopback port. */
final class NatsServers {
  private NatsServers() {}

  /** Starts nats-server keeping JetStream data in {@code store}; returns it with its port. */
  static Started start(Path store) {
    int port = ServerProcess.freePort();
    ServerProcess p = ServerProcess.start("Server is ready", ServerProcess.executable("nats-server", "nats-server").toString(),
        "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", store.toString());
    return new Started(p, "127.0.0.1:" + port);
  }

  /** A started server and its {@code host:port}. */
  record Started(ServerProcess process, String address) implements AutoCloseable {
    @Override
    public void close() {
      process.close();
    }
  }
}
