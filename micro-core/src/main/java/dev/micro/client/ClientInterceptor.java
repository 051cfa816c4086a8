package dev.micro.client;

import dev.micro.CallOptions;
import dev.micro.Client;

/**
 * Runs around every unary call a client makes, before node selection: to add metadata (a token),
 * log, or measure. Interceptors may replace the options passed on.
 */
@FunctionalInterface
public interface ClientInterceptor {
  /**
   * @return what {@code next} returned (a decoded response, or a {@link Client.RawResponse} for raw
   *     calls), or a replacement of the same kind
   */
  Object intercept(String service, String endpoint, CallOptions options, Next next);

  /** The rest of the chain. */
  @FunctionalInterface
  interface Next {
    Object proceed(CallOptions options);
  }
}
