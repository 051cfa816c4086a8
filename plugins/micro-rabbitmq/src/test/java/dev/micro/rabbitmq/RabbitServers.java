package dev.micro.rabbitmq;

import dev.micro.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A RabbitMQ node of a test's own, on free loopback ports with its data in a temp dir, so that a
 * test can kill and restart it without disturbing the machine's server. Runs Debian's
 * {@code rabbitmq-server} script directly (not the wrapper that switches user), with
 * {@code RUNNING_UNDER_SYSTEMD} so that the script becomes the Erlang VM and a signal to the
 * process reaches the node itself.
 */
final class RabbitServers {
  private static final Path SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

  private RabbitServers() {}

  /** Starts a node keeping its data under {@code dir}; returns it with its {@code host:port}. */
  static Started start(Path dir) {
    if (!Files.isExecutable(SCRIPT)) {
      throw new IllegalStateException(SCRIPT + " is missing (apt-get install rabbitmq-server; .ci/services installs it)");
    }
    int port = ServerProcess.freePort();
    int distPort = ServerProcess.freePort();
    Map<String, String> env = Map.ofEntries(
        Map.entry("RUNNING_UNDER_SYSTEMD", "true"),
        Map.entry("RABBITMQ_NODENAME", "micro-test-" + port + "@localhost"),
        Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
        Map.entry("RABBITMQ_NODE_PORT", Integer.toString(port)),
        Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
        Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
        Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
        Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
        Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
        Map.entry("RABBITMQ_LOGS", "-"),
        Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
        Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString()),
        Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString()));
    ServerProcess p = ServerProcess.start(env, "Server startup complete", SCRIPT.toString());
    return new Started(p, "127.0.0.1:" + port);
  }

  /** A started node and its {@code host:port}. */
  record Started(ServerProcess process, String address) implements AutoCloseable {
    @Override
    public void close() {
      process.close();
    }
  }
}
