package dev.micro.rabbitmq;

import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.plugin.PluginUri;

/**
 * Serves {@code amqp://[user:password@]host:5672[,host2:5672][/vhost][?prefetch=64&redeliveries=5
 * &exchange=micro&recoveryInterval=500ms&heartbeat=10s&persistent=true&confirm=true&confirmTimeout=5s
 * &maxMessageSize=134217728]}: an {@link AmqpBroker}. Without a host, {@code 127.0.0.1:5672}; without
 * a user, {@code guest:guest}. The vhost is percent-decoded ({@code /%2F} is the vhost {@code /},
 * the default, as is an empty path). {@code heartbeat} is 0 (off) or whole seconds, as AMQP
 * negotiates it; {@code 500ms} is refused rather than rounded. {@code confirm=true} waits for
 * publisher confirms up to {@code confirmTimeout} (default 5 s). {@code maxMessageSize} is the
 * largest body a publish sends, in bytes (default 128 MiB). Any other option is refused.
 */
public final class AmqpBrokerProvider implements BrokerProvider {
  /** How long a publish waits for its confirm when {@code confirm=true} names no timeout. */
  static final java.time.Duration CONFIRM_TIMEOUT = java.time.Duration.ofSeconds(5);
  /** The options an {@code amqp://} URL takes. */
  static final java.util.SortedSet<String> OPTIONS = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(
      java.util.List.of("exchange", "prefetch", "redeliveries", "recoveryInterval", "heartbeat", "persistent", "confirm",
          "confirmTimeout", "maxMessageSize")));

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
    for (String option : uri.params().keySet()) {
      if (!OPTIONS.contains(option)) {
        throw new IllegalArgumentException("amqp option: '" + option + "' (expected one of: "
            + String.join(", ", OPTIONS) + ")");
      }
    }
    AmqpBrokerBuilder b = AmqpBroker.builder();
    if (!uri.hosts().isEmpty()) {
      b.addresses(uri.hosts());
    }
    uri.user().ifPresent(u -> {
      int colon = u.indexOf(':');
      b.credentials(colon < 0 ? u : u.substring(0, colon), colon < 0 ? "" : u.substring(colon + 1));
    });
    if (uri.path().length() > 1) {
      b.virtualHost(percentDecode("vhost", uri.path().substring(1)));
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

  /** RFC 3986 percent-decoding, as UTF-8; unlike form decoding a {@code +} stays a {@code +}. */
  static String percentDecode(String name, String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException(name + ": '" + s + "' (expected: %XX escapes of two hex digits)");
        }
        out.write(Integer.parseInt(s, i + 1, i + 3, 16));
        i += 3;
      } else {
        int end = i;
        while (end < s.length() && s.charAt(end) != '%') {
          end++;
        }
        out.writeBytes(s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        i = end;
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
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
