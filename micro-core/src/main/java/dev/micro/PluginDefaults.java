package dev.micro;

import dev.micro.client.Strategy;
import dev.micro.plugin.PluginUri;
import java.time.Duration;

/** The defaults every builder falls back to after its own settings: one place, documented. */
public final class PluginDefaults {
  private PluginDefaults() {}

  /** {@code MICRO_TRANSPORT}, default {@code grpc}. */
  public static String transport() {
    return Settings.get("transport").orElse("grpc");
  }

  /** {@code MICRO_SELECTOR}, default round robin. */
  public static Strategy strategy() {
    return Settings.get("selector").map(Strategy::named).orElseGet(Strategy::roundRobin);
  }

  /** {@code MICRO_CLIENT_REQUEST_TIMEOUT}, default 30 s (go-micro's). */
  public static Duration clientTimeout() {
    return Settings.get("client.request.timeout").map(v -> PluginUri.parseDuration("MICRO_CLIENT_REQUEST_TIMEOUT", v)).orElse(Duration.ofSeconds(30));
  }

  /** {@code MICRO_CLIENT_RETRIES} + 1, default 3 attempts. */
  public static int clientAttempts() {
    return Settings.get("client.retries").map(v -> Integer.parseInt(v) + 1).orElse(3);
  }

  /** {@code MICRO_REGISTER_TTL}, default 90 s. */
  public static Duration registerTtl() {
    return Settings.get("register.ttl").map(v -> PluginUri.parseDuration("MICRO_REGISTER_TTL", v)).orElse(Duration.ofSeconds(90));
  }

  /** {@code MICRO_REGISTER_INTERVAL}, default 30 s. */
  public static Duration registerInterval() {
    return Settings.get("register.interval").map(v -> PluginUri.parseDuration("MICRO_REGISTER_INTERVAL", v)).orElse(Duration.ofSeconds(30));
  }

  /** {@code MICRO_SERVER_ADDRESS}, default {@code 127.0.0.1:0} (loopback, any free port). */
  public static String serverAddress() {
    return Settings.get("server.address").orElse("127.0.0.1:0");
  }
}
