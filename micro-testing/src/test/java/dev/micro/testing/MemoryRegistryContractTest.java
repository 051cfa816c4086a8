package dev.micro.testing;

import dev.micro.registry.MemoryRegistry;
import dev.micro.registry.Registry;

class MemoryRegistryContractTest extends RegistryContract {
  @Override
  protected Registry newRegistry() {
    return new MemoryRegistry();
  }
}
