package dev.micro.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.testing.BrokerContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the broker contract against the RabbitMQ server at 127.0.0.1:5672. */
class AmqpBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("amqp://guest:guest@127.0.0.1:5672");
  }

  @Override
  protected boolean redelivers() {
    return true;
  }

  /** Queue groups are durable queues: remove the contract's (one per topic) from the shared server. */
  @AfterEach
  void deleteGroupQueue() throws Exception {
    deleteQueues(AmqpBroker.groupQueue(name("split"), name("workers")),
        AmqpBroker.groupQueue(name("misbehaves"), name("workers")));
  }

  static void deleteQueues(String... queues) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      for (String q : queues) {
        ch.queueDelete(q);
      }
    }
  }
}
