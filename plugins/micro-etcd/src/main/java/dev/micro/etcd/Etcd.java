package dev.micro.etcd;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One jetcd client with the settings of a plugin URL, and the translation of its failures into
 * {@link MicroException}s: every call waits at most {@code timeout} and an unreachable or silent
 * server is {@code UNAVAILABLE}, so callers never hang on a lost server. Safe for concurrent use.
 */
final class Etcd implements AutoCloseable {
  /** go-micro's default endpoint and timeout. */
  static final String DEFAULT_ENDPOINT = "127.0.0.1:2379";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  final Client client;
  final Duration timeout;
  final String endpoints;

  private Etcd(Client client, Duration timeout, String endpoints) {
    this.client = client;
    this.timeout = timeout;
    this.endpoints = endpoints;
  }

  /**
   * A client for {@code etcd://host:port[,host:port...][?timeout=5s]}, with
   * {@code user:password@} for etcd's authentication.
   */
  static Etcd connect(PluginUri uri) {
    List<String> hosts = uri.hosts().isEmpty() ? List.of(DEFAULT_ENDPOINT) : uri.hosts();
    Duration timeout = uri.durationParam("timeout").orElse(DEFAULT_TIMEOUT);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    String[] endpoints = hosts.stream().map(h -> h.contains("://") ? h : "http://" + h).toArray(String[]::new);
    ClientBuilder b = Client.builder()
        .endpoints(endpoints)
        .connectTimeout(timeout)
        .retryMaxDuration(timeout)
        .keepaliveTime(Duration.ofSeconds(5))
        .keepaliveTimeout(timeout)
        .waitForReady(false);
    uri.user().ifPresent(u -> {
      int colon = u.indexOf(':');
      b.user(bytes(colon < 0 ? u : u.substring(0, colon)));
      if (colon >= 0) {
        b.password(bytes(u.substring(colon + 1)));
      }
    });
    return new Etcd(b.build(), timeout, String.join(",", hosts));
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String text(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  /** The result of {@code call}, waiting up to the timeout; {@code UNAVAILABLE} on failure. */
  <T> T await(CompletableFuture<T> call, String what) {
    try {
      return awaitInterruptibly(call, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription(what + " on etcd " + endpoints + ": interrupted").withCause(e));
    }
  }

  /** As {@link #await}, letting an interrupt through. */
  <T> T awaitInterruptibly(CompletableFuture<T> call, String what) throws InterruptedException {
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw unavailable(what, "no answer within " + timeout, e);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw unavailable(what, String.valueOf(cause.getMessage()), cause);
    }
  }

  MicroException unavailable(String what, String why, Throwable cause) {
    return new MicroException(Status.UNAVAILABLE.withDescription(what + " on etcd " + endpoints + ": " + why).withCause(cause));
  }

  /** Whether {@code e} says a lease no longer exists (it expired while the server was away). */
  static boolean leaseGone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("lease not found")) {
        return true;
      }
    }
    return false;
  }

  /** Whole seconds for a lease of {@code ttl}, rounded up, at least 1. */
  static long seconds(Duration ttl) {
    return Math.max(1, (ttl.toMillis() + 999) / 1000);
  }

  @Override
  public void close() {
    client.close();
  }
}
