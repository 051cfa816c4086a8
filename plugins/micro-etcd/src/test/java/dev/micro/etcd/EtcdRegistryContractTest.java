package dev.micro.etcd;

import dev.micro.registry.Registry;
import dev.micro.testing.RegistryContract;

class EtcdRegistryContractTest extends RegistryContract {
  static final String ETCD = System.getProperty("micro.test.etcd", "127.0.0.1:2379");

  @Override
  protected Registry newRegistry() {
    return EtcdRegistry.create(ETCD);
  }

  @Override
  protected Registry peer(Registry r) {
    return newRegistry();
  }
}
