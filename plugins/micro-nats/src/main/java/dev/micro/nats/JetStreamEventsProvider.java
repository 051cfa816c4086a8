package dev.micro.nats;

import dev.micro.events.Events;
import dev.micro.events.EventsProvider;
import dev.micro.plugin.PluginUri;
import io.nats.client.Options;
import java.time.Duration;

/**
 * Serves {@code jetstream://[user:password@]host:4222[,host2:4222][?requestTimeout=2s&batch=16&retention=7d]}:
 * {@link JetStreamEvents}. Without a host, {@code 127.0.0.1:4222}. Also takes the connection
 * parameters of {@link NatsBrokerProvider} ({@code name}, {@code reconnectWait},
 * {@code connectTimeout}).
 */
public class JetStreamEventsProvider implements EventsProvider {
  /** Default request timeout for publishing and management calls. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** Default number of events a member pulls at a time. */
  static final int BATCH = 16;

  @Override
  public String scheme() {
    return "jetstream";
  }

  @Override
  public String module() {
    return "micro-nats";
  }

  @Override
  public Events create(PluginUri uri) {
    NatsBrokerBuilder b = NatsBrokerBuilder.fromUri(uri);
    int batch = uri.param("batch").map(v -> {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("batch: '" + v + "' (expected: an integer >= 1)");
      }
    }).orElse(BATCH);
    // No reconnect buffer: a publish while the server is away fails at once instead of being sent later.
    Options options = new Options.Builder(b.options()).reconnectBufferSize(0).build();
    return JetStreamEvents.connect(options, uri.durationParam("requestTimeout").orElse(REQUEST_TIMEOUT), batch,
        uri.durationParam("retention").orElse(null));
  }

  /**
   * Serves {@code nats://host:4222?jetstream=true} (the parameter may be left out: events on NATS
   * are always JetStream), with the parameters of {@code jetstream://}.
   */
  public static final class Nats extends JetStreamEventsProvider {
    @Override
    public String scheme() {
      return "nats";
    }

    @Override
    public Events create(PluginUri uri) {
      if (uri.param("jetstream").filter(v -> !v.equalsIgnoreCase("true")).isPresent()) {
        throw new IllegalArgumentException("jetstream: '" + uri.param("jetstream").get()
            + "' (expected: true; durable events need JetStream)");
      }
      return super.create(uri);
    }
  }
}
