package dev.micro.nats;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.testing.BrokerContract;

/** Runs the broker contract against the NATS server at 127.0.0.1:4222. */
class NatsBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("nats://127.0.0.1:4222");
  }

  @Override
  protected boolean redelivers() {
    return false; // core NATS is at most once
  }
}
