package dev.micro.redis;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;

/** Opens Lettuce connections the way every Redis plugin wants them: bounded waits, quick reconnects. */
final class RedisClients {
  private RedisClients() {}

  /** A client, its resources and one connection; close all three together. */
  record Opened<K, V>(ClientResources resources, RedisClient client, StatefulRedisConnection<K, V> connection) {
    void close() {
      connection.close();
      client.shutdown();
      resources.shutdown();
    }
  }

  /**
   * Connects to {@code redis://[user:password@]host[:port][/db]?timeout=5s}; {@code timeout}
   * (default 5s) bounds each command and each connection attempt.
   *
   * @throws MicroException UNAVAILABLE if Redis cannot be reached now
   */
  static <K, V> Opened<K, V> open(PluginUri uri, RedisCodec<K, V> codec, String what) {
    Objects.requireNonNull(uri, "uri");
    if (uri.hosts().size() != 1) {
      throw new IllegalArgumentException("redis " + what + ": '" + uri + "' (expected: redis://[user:password@]host:port[/db])");
    }
    String host = uri.hosts().getFirst();
    int colon = host.lastIndexOf(':');
    int port = colon < 0 ? 6379 : Integer.parseInt(host.substring(colon + 1));
    String db = uri.path().length() > 1 ? uri.path().substring(1) : "0";
    Duration timeout = uri.durationParam("timeout").orElse(Duration.ofSeconds(5));
    RedisURI.Builder target = RedisURI.builder().withHost(colon < 0 ? host : host.substring(0, colon)).withPort(port)
        .withDatabase(Integer.parseInt(db)).withTimeout(timeout);
    uri.user().ifPresent(u -> {
      int c = u.indexOf(':');
      if (c < 0) {
        target.withPassword(u.toCharArray());
      } else {
        target.withAuthentication(u.substring(0, c), u.substring(c + 1).toCharArray());
      }
    });
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.constant(Duration.ofMillis(250))) // retry soon: an outage should end quickly for callers
        .build();
    RedisClient client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
        .build());
    try {
      return new Opened<>(resources, client, client.connect(codec, target.build()));
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw new MicroException(Status.UNAVAILABLE.withDescription("%s %s: %s", what, uri, e.getMessage()).withCause(e));
    }
  }
}
