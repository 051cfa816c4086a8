package dev.micro.transport;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings shared by both halves of a transport.
 *
 * @param maxMessageBytes the largest message sent or accepted; larger ones fail with
 *     RESOURCE_EXHAUSTED (default 4 MiB, as go-micro)
 * @param params transport-specific settings, from the transport URL's query
 * @param tls the TLS material; empty for plaintext (the default)
 */
public record TransportOptions(int maxMessageBytes, Map<String, String> params, Optional<TlsConfig> tls) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  public TransportOptions {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
    }
    params = Map.copyOf(params);
    Objects.requireNonNull(tls, "tls");
  }

  /** Plaintext options. */
  public TransportOptions(int maxMessageBytes, Map<String, String> params) {
    this(maxMessageBytes, params, Optional.empty());
  }

  /** A copy using {@code tls}: servers require client certificates, clients connect with TLS. */
  public TransportOptions withTls(TlsConfig tls) {
    return new TransportOptions(maxMessageBytes, params, Optional.of(Objects.requireNonNull(tls, "tls")));
  }

  /** A plaintext copy. */
  public TransportOptions withoutTls() {
    return tls.isEmpty() ? this : new TransportOptions(maxMessageBytes, params, Optional.empty());
  }

  public static TransportOptions defaults() {
    return new TransportOptions(DEFAULT_MAX_MESSAGE_BYTES, Map.of());
  }
}
