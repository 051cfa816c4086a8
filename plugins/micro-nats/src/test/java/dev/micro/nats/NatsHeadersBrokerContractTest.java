package dev.micro.nats;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.testing.BrokerContract;

/** The broker contract with messages written as NATS headers plus the raw body. */
class NatsHeadersBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("nats://127.0.0.1:4222?format=headers");
  }

  @Override
  protected boolean redelivers() {
    return false;
  }
}
