package dev.micro.rabbitmq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import org.junit.jupiter.api.Test;

/**
 * The broker contract with persistent messages and publisher confirms, against the RabbitMQ
 * server at 127.0.0.1:5672; and how those options are read from the URL.
 */
class AmqpConfirmedBrokerContractTest extends AmqpBrokerContractTest {
  @Override
  protected Broker newBroker() {
    return Micro.broker("amqp://guest:guest@127.0.0.1:5672?persistent=true&confirm=true&confirmTimeout=10s");
  }

  @Test
  void optionsThatDoNotParseAreRefusedWithWhatWasExpected() {
    assertThatThrownBy(() -> Micro.broker("amqp://127.0.0.1:5672?persistent=yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("persistent: 'yes' (expected: true or false)");
    assertThatThrownBy(() -> Micro.broker("amqp://127.0.0.1:5672?confirmTimeout=2s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confirmTimeout: set without confirm=true");
    assertThatThrownBy(() -> Micro.broker("amqp://127.0.0.1:5672?confirm=true&confirmTimeout=0s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confirmTimeout: PT0S (expected: > 0)");
  }
}
