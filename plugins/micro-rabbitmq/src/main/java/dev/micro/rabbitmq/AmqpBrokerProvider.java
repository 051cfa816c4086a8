package dev.micro.rabbitmq;

import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.plugin.PluginUri;

/**
 * Serves {@code amqp://[user:password@]host:5672[,host2:5672][/vhost][?prefetch=64&redeliveries=5
 * &exchange=micro&recoveryInterval=500ms&persistent=true&confirm=true&confirmTimeout=5s&maxMessageSize=134217728]}: an
 * {@link AmqpBroker}. Without a host, {@code 127.0.0.1:5672}; without a user, {@code guest:guest}.
 * {@code confirm=true} waits for publisher confirms up to {@code confirmTimeout} (default 5 s).
 * {@code maxMessageSize} is the largest body a publish sends, in bytes (default 128 MiB).
 */
public final class AmqpBrokerProvider implements BrokerProvider {
  /** How long a publish waits for its confirm when {@code confirm=true} names no timeout. */
  static final java.time.Duration CONFIRM_TIMEOUT = java.time.Duration.ofSeconds(5);

  @Override
  public String scheme() {
    return "amqp";
  }

  @Override
  public String module() {
    return "micro-rabbitmq";
  }

  @Override
  public Broker create(PluginUri uri) {
    AmqpBrokerBuilder b = AmqpBroker.builder();
    if (!uri.hosts().isEmpty()) {
      b.addresses(uri.hosts());
    }
    uri.user().ifPresent(u -> {
      int colon = u.indexOf(':');
      b.credentials(colon < 0 ? u : u.substring(0, colon), colon < 0 ? "" : u.substring(colon + 1));
    });
    if (uri.path().length() > 1) {
      b.virtualHost(uri.path().substring(1));
    }
    uri.param("exchange").ifPresent(b::exchange);
    uri.param("prefetch").ifPresent(v -> b.prefetch(integer("prefetch", v)));
    uri.param("redeliveries").ifPresent(v -> b.maxRedeliveries(integer("redeliveries", v)));
    uri.durationParam("recoveryInterval").ifPresent(b::recoveryInterval);
    uri.durationParam("heartbeat").ifPresent(b::heartbeat);
    uri.param("persistent").ifPresent(v -> b.persistent(bool("persistent", v)));
    uri.param("maxMessageSize").ifPresent(v -> b.maxMessageSize(integer("maxMessageSize", v)));
    if (uri.param("confirm").map(v -> bool("confirm", v)).orElse(false)) {
      b.confirms(uri.durationParam("confirmTimeout").orElse(CONFIRM_TIMEOUT));
    } else if (uri.param("confirmTimeout").isPresent()) {
      throw new IllegalArgumentException("confirmTimeout: set without confirm=true (expected: both, or neither)");
    }
    return b.build();
  }

  private static boolean bool(String name, String v) {
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + ": '" + v + "' (expected: true or false)");
    };
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' (expected: an integer)");
    }
  }
}
