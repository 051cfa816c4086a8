package dev.micro.etcd;

import dev.micro.config.ConfigSource;
import dev.micro.testing.ConfigSourceContract;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class EtcdConfigSourceContractTest extends ConfigSourceContract {
  private final String prefix = "/micro-test/config-" + UUID.randomUUID() + "/";
  private final Client client = Client.builder().endpoints("http://" + EtcdRegistryContractTest.ETCD).build();

  @AfterEach
  void removeKeys() throws Exception {
    client.getKVClient().delete(Etcd.bytes(prefix), DeleteOption.builder().isPrefix(true).build()).get();
    client.close();
  }

  @Override
  protected ConfigSource newSource(Map<String, Object> tree) {
    replace(tree);
    return EtcdConfigSource.create(EtcdRegistryContractTest.ETCD, prefix);
  }

  @Override
  protected void update(ConfigSource source, Map<String, Object> tree) {
    replace(tree);
  }

  // A key that is also a section: the tree cannot be built until one goes.
  @Override
  protected void corrupt(ConfigSource source) {
    put(Map.of(prefix + "db", "x"), Set.of());
  }

  /** The keys for {@code tree}, and the removal of the others, in one transaction. */
  static void replaceUnder(Client client, String prefix, Map<String, Object> tree) {
    Map<String, String> keys = new LinkedHashMap<>();
    flatten(prefix, tree, keys);
    try {
      Set<String> old = new HashSet<>();
      for (KeyValue kv : client.getKVClient().get(Etcd.bytes(prefix), GetOption.builder().isPrefix(true).build()).get().getKvs()) {
        old.add(Etcd.text(kv.getKey()));
      }
      old.removeAll(keys.keySet());
      List<Op> ops = new ArrayList<>();
      old.forEach(k -> ops.add(Op.delete(Etcd.bytes(k), DeleteOption.DEFAULT)));
      keys.forEach((k, v) -> ops.add(Op.put(Etcd.bytes(k), Etcd.bytes(v), PutOption.DEFAULT)));
      client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void replace(Map<String, Object> tree) {
    replaceUnder(client, prefix, tree);
  }

  private void put(Map<String, String> keys, Set<String> ignored) {
    List<Op> ops = new ArrayList<>();
    keys.forEach((k, v) -> ops.add(Op.put(Etcd.bytes(k), Etcd.bytes(v), PutOption.DEFAULT)));
    try {
      client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void flatten(String prefix, Map<?, ?> tree, Map<String, String> out) {
    tree.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m) {
        flatten(prefix + k + "/", m, out);
      } else {
        out.put(prefix + k, EtcdConfigSource.encode(v));
      }
    });
  }
}
