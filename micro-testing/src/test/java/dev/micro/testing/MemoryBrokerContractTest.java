package dev.micro.testing;

import dev.micro.Micro;
import dev.micro.broker.Broker;

class MemoryBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("memory://");
  }
}
