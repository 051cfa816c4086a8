package dev.micro.nats;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.testing.BrokerContract;

/** The broker contract with messages written in Micro's compact binary frame. */
class NatsBinaryBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("nats://127.0.0.1:4222?format=binary");
  }

  @Override
  protected boolean redelivers() {
    return false;
  }
}
