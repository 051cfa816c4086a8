package dev.micro.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Metadata;
import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.broker.Message;
import dev.micro.testing.BrokerContract;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The same contract with messages carried as NATS headers instead of go-micro's envelope. */
class NatsHeadersBrokerContractTest extends BrokerContract {
  @Override
  protected Broker newBroker() {
    return Micro.broker("nats://127.0.0.1:4222?format=headers");
  }

  @Override
  protected boolean redelivers() {
    return false;
  }

  @Test
  void aHeadersPublisherAndAnEnvelopeSubscriberUnderstandEachOther() {
    String topic = "mixed-" + UUID.randomUUID();
    List<Message> got = new CopyOnWriteArrayList<>();
    try (Broker envelope = Micro.broker("nats://127.0.0.1:4222"); Broker headers = newBroker()) {
      envelope.subscribe(topic, d -> got.add(d.message()));
      headers.publish(topic, Message.of(Metadata.of("Tenant", "acme"), new byte[] {1, 2, 3}));
      Awaitility.await().until(() -> got.size() == 1);
    }
    assertThat(got.get(0).body()).containsExactly(1, 2, 3);
    assertThat(got.get(0).headers().get("Tenant")).contains("acme");
    assertThat(got.get(0).headers().get("Micro-Topic")).contains(topic);
  }
}
