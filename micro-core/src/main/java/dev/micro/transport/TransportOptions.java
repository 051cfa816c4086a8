package dev.micro.transport;

import java.util.Map;

/**
 * Settings shared by both halves of a transport.
 *
 * @param maxMessageBytes the largest message sent or accepted; larger ones fail with
 *     RESOURCE_EXHAUSTED (default 4 MiB, as go-micro)
 * @param params transport-specific settings, from the transport URL's query
 */
public record TransportOptions(int maxMessageBytes, Map<String, String> params) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  public TransportOptions {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
    }
    params = Map.copyOf(params);
  }

  public static TransportOptions defaults() {
    return new TransportOptions(DEFAULT_MAX_MESSAGE_BYTES, Map.of());
  }
}
