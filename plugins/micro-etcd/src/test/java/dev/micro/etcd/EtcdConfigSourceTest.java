package dev.micro.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.config.Config;
import dev.micro.config.ConfigException;
import dev.micro.config.ConfigSource;
import dev.micro.plugin.PluginUri;
import dev.micro.testing.TcpProxy;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EtcdConfigSourceTest {
  private final String prefix = "/micro-test/config-" + UUID.randomUUID() + "/";
  private final Client client = Client.builder().endpoints("http://" + EtcdRegistryContractTest.ETCD).build();

  @AfterEach
  void removeKeys() throws Exception {
    client.getKVClient().delete(Etcd.bytes(prefix), DeleteOption.builder().isPrefix(true).build()).get();
    client.close();
  }

  private void put(String key, String value) throws Exception {
    client.getKVClient().put(Etcd.bytes(prefix + key), Etcd.bytes(value)).get();
  }

  @Test
  void keysBecomePathsAndValuesAreJsonWhenTheyParse() throws Exception {
    put("db/url", "jdbc:postgresql://db/app");
    put("db/port", "5432");
    put("db/ssl", "true");
    put("hosts", "[\"a\",\"b\"]");
    put("pool", "{\"max\":8}");
    put("quoted", "\"123\"");
    try (ConfigSource source = Micro.configSource("etcd://" + EtcdRegistryContractTest.ETCD + prefix)) {
      assertThat(source.read()).isEqualTo(Map.of("db.url", "jdbc:postgresql://db/app", "db.port", 5432L,
          "db.ssl", true, "hosts", List.of("a", "b"), "pool", Map.of("max", 8L), "quoted", "123"));
    }
  }

  @Test
  void writesPutOneKeyPerLeafAndKeepStringsStrings() throws Exception {
    try (EtcdConfigSource source = EtcdConfigSource.create(EtcdRegistryContractTest.ETCD, prefix)) {
      source.write("db", Map.of("url", "jdbc:x", "port", 5432));
      source.write("version", "42");
      assertThat(Etcd.text(client.getKVClient().get(Etcd.bytes(prefix + "db/port")).get().getKvs().get(0).getValue())).isEqualTo("5432");
      assertThat(source.read()).isEqualTo(Map.of("db.url", "jdbc:x", "db.port", 5432L, "version", "42"));
      source.write("db", null);
      assertThat(source.read()).isEqualTo(Map.of("version", "42"));
    }
  }

  @Test
  void theWatchComesBackAfterAnOutageAndPicksUpAChangeMadeDuringIt() throws Exception {
    put("feature", "\"on\"");
    int port = Integer.parseInt(EtcdRegistryContractTest.ETCD.split(":")[1]);
    try (TcpProxy proxy = TcpProxy.start(port);
         Config config = Config.of(EtcdConfigSource.create(PluginUri.parse("etcd://" + proxy.address() + prefix + "?timeout=2s")))) {
      List<ConfigException> errors = new CopyOnWriteArrayList<>();
      config.onError(errors::add);
      assertThat(config.get("feature").asString()).isEqualTo("on");

      proxy.cut();
      put("feature", "\"off\"");
      // A reload while the server is away fails within the timeout and changes nothing.
      assertThatThrownBy(config::reload).isInstanceOf(ConfigException.class).hasMessageContaining("UNAVAILABLE");
      assertThat(errors).isNotEmpty();
      assertThat(config.get("feature").asString()).isEqualTo("on");

      proxy.restore();

      await().atMost(Duration.ofSeconds(20)).until(() -> config.get("feature").asString().equals("off"));
      put("feature", "\"again\"");
      await().atMost(Duration.ofSeconds(1)).until(() -> config.get("feature").asString().equals("again"));
    }
  }
}
