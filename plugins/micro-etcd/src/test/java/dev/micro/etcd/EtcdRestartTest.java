package dev.micro.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.config.Config;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import dev.micro.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An etcd of the test's own is killed and started again on the same data while clients use it. */
class EtcdRestartTest {
  @TempDir Path data;
  private ServerProcess etcd;
  private String address;

  @BeforeEach
  void startEtcd() {
    int client = ServerProcess.freePort();
    int peer = ServerProcess.freePort();
    address = "127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    etcd = ServerProcess.start("ready to serve client requests", ServerProcess.executable("etcd", "etcd-server").toString(),
        "--name", "restart", "--data-dir", data.toString(),
        "--listen-client-urls", "http://" + address, "--advertise-client-urls", "http://" + address,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "restart=" + peerUrl);
  }

  @AfterEach
  void stopEtcd() {
    etcd.close();
  }

  @Test
  void aRegisteredNodeAndItsHeartbeatOutliveAKilledServer() {
    Node node = new Node("restart-1", "127.0.0.1:9090", Map.of("protocol", "grpc"));
    ServiceRecord record = new ServiceRecord("restart", "latest", Map.of(), List.of(), List.of(node));
    Duration ttl = Duration.ofSeconds(30);
    try (EtcdRegistry registry = EtcdRegistry.create(PluginUri.parse("etcd://" + address + "?timeout=2s"))) {
      registry.register(record, ttl);

      etcd.kill();
      assertThatThrownBy(() -> registry.getService("restart"))
          .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      etcd.restart();

      // etcd kept the key and its lease on disk, so the node is there again without a re-register.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> !registry.getService("restart").isEmpty());
      assertThat(registry.getService("restart")).singleElement().satisfies(s -> assertThat(s.nodes()).containsExactly(node));
      // And the next heartbeat goes through on the same client.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
        registry.register(record, ttl);
        return true;
      });
      registry.deregister(record);
      assertThat(registry.getService("restart")).isEmpty();
    }
  }

  @Test
  void aConfigWatchFollowsChangesAgainAfterTheServerIsBack() {
    String prefix = "/micro/config/restart";
    try (EtcdConfigSource writer = EtcdConfigSource.create(address, prefix);
         Config config = Config.of(EtcdConfigSource.create(PluginUri.parse("etcd://" + address + prefix + "?timeout=2s")))) {
      writer.write("feature", "on");
      await().atMost(Duration.ofSeconds(10)).until(() -> config.get("feature").asString().equals("on"));

      etcd.kill();
      etcd.restart();

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
        writer.write("feature", "off");
        return true;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> config.get("feature").asString().equals("off"));
      writer.write("feature", "again");
      await().atMost(Duration.ofSeconds(5)).until(() -> config.get("feature").asString().equals("again"));
    }
  }
}
