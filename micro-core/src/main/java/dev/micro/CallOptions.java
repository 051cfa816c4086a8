package dev.micro;

import dev.micro.client.Strategy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for one call: timeout, metadata, content type, selection strategy and key, retries.
 * Immutable; {@code with…} methods return copies. {@link #DEFAULT} leaves everything to the
 * client's defaults.
 *
 * <pre>{@code
 * client.call("greeter", "Greeter.Hello", req, HelloReply.class,
 *     CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)).withMetadata("Tenant", "acme"));
 * }</pre>
 */
public final class CallOptions {
  /** No option set: 30 s timeout, JSON (protobuf for protobuf messages), the client's strategy. */
  public static final CallOptions DEFAULT = new CallOptions(null, Metadata.empty(), null, null, null, 0, null, null);

  private final Duration timeout;
  private final Metadata metadata;
  private final String contentType;
  private final Strategy strategy;
  private final String key;
  private final int maxAttempts;
  private final Boolean idempotent;
  private final String address;

  private CallOptions(Duration timeout, Metadata metadata, String contentType, Strategy strategy, String key,
      int maxAttempts, Boolean idempotent, String address) {
    this.timeout = timeout;
    this.metadata = metadata;
    this.contentType = contentType;
    this.strategy = strategy;
    this.key = key;
    this.maxAttempts = maxAttempts;
    this.idempotent = idempotent;
    this.address = address;
  }

  /** The time allowed for the whole call, retries included. */
  public CallOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return new CallOptions(timeout, metadata, contentType, strategy, key, maxAttempts, idempotent, address);
  }

  /** Adds one metadata entry, sent as a header. */
  public CallOptions withMetadata(String key, String value) {
    return withMetadata(Metadata.of(key, value));
  }

  /** Adds metadata entries, sent as headers. */
  public CallOptions withMetadata(Metadata md) {
    return new CallOptions(timeout, metadata.merge(md), contentType, strategy, key, maxAttempts, idempotent, address);
  }

  /** The content type to encode with: {@code application/json}, {@code application/protobuf}. */
  public CallOptions withContentType(String contentType) {
    return new CallOptions(timeout, metadata, Objects.requireNonNull(contentType, "contentType"), strategy, key, maxAttempts, idempotent, address);
  }

  /** The node selection strategy for this call. */
  public CallOptions withStrategy(Strategy strategy) {
    return new CallOptions(timeout, metadata, contentType, Objects.requireNonNull(strategy, "strategy"), key, maxAttempts, idempotent, address);
  }

  /** The key for {@link Strategy#consistentHash()}: calls with one key go to one node. */
  public CallOptions withKey(String key) {
    return new CallOptions(timeout, metadata, contentType, strategy, Objects.requireNonNull(key, "key"), maxAttempts, idempotent, address);
  }

  /** How many nodes to try at most (1 disables retries; default 3). */
  public CallOptions withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
    }
    return new CallOptions(timeout, metadata, contentType, strategy, key, maxAttempts, idempotent, address);
  }

  /**
   * Declares the call safe to repeat, so failures that may have reached the server are retried
   * too. By default the endpoint's registered {@code idempotent} metadata decides.
   */
  public CallOptions withIdempotent(boolean idempotent) {
    return new CallOptions(timeout, metadata, contentType, strategy, key, maxAttempts, idempotent, address);
  }

  /** Calls this {@code host:port} directly, without the registry. */
  public CallOptions withAddress(String address) {
    return new CallOptions(timeout, metadata, contentType, strategy, key, maxAttempts, idempotent, Objects.requireNonNull(address, "address"));
  }

  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  public Metadata metadata() {
    return metadata;
  }

  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  public Optional<Strategy> strategy() {
    return Optional.ofNullable(strategy);
  }

  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** 0 when unset. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Optional<Boolean> idempotent() {
    return Optional.ofNullable(idempotent);
  }

  public Optional<String> address() {
    return Optional.ofNullable(address);
  }
}
