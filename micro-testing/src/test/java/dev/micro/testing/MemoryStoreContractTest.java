package dev.micro.testing;

import dev.micro.store.MemoryStore;
import dev.micro.store.Store;

class MemoryStoreContractTest extends StoreContract {
  @Override
  protected Store newStore() {
    return new MemoryStore();
  }
}
