package dev.micro.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.events.Events;
import dev.micro.testing.EventsContract;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Needs nats-server with JetStream at 127.0.0.1:4222. */
class JetStreamEventsContractTest extends EventsContract {
  private static Connection admin;

  @BeforeAll
  static void connect() throws Exception {
    admin = Nats.connect("nats://127.0.0.1:4222");
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    admin.close();
  }

  @Override
  protected Events newEvents() {
    return Micro.events("jetstream://127.0.0.1:4222");
  }

  @Override
  protected java.util.Optional<Events> newEvents(java.time.Duration retention) {
    return java.util.Optional.of(Micro.events("jetstream://127.0.0.1:4222?retention=" + retention.toMillis() + "ms"));
  }

  @Override
  protected java.util.Optional<String> processUrl() {
    return java.util.Optional.of("jetstream://127.0.0.1:4222");
  }

  @Override
  protected void removeTopic(String topic) {
    try {
      admin.jetStreamManagement().deleteStream(JetStreamEvents.name(topic));
    } catch (JetStreamApiException | IOException e) {
      // never made, or made and gone: nothing to clean
    }
  }

  @Test
  void natsUrlsWithJetStreamMakeJetStreamEvents() {
    try (Events e = Micro.events("nats://127.0.0.1:4222?jetstream=true")) {
      assertThat(e).isInstanceOf(JetStreamEvents.class);
    }
  }

  @Test
  void namesLoseWhatJetStreamForbids() {
    assertThat(JetStreamEvents.name("orders.created *>/x y")).matches("orders_created____x_y_[0-9a-f]{8}");
  }
}
