package dev.micro.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token, sent as {@code Authorization: Bearer <access>}, and the refresh token that
 * buys the next one. Neither token appears in {@link #toString()}.
 *
 * @param accessToken the bearer token
 * @param refreshToken exchanged once for a new pair through {@link TokenOptions#refresh(String)}
 * @param created when the pair was issued
 * @param expiry when the access token stops being accepted
 */
public record Token(String accessToken, String refreshToken, Instant created, Instant expiry) {
  public Token {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expiry, "expiry");
  }

  /** Whether the access token has expired by {@code clock}. */
  public boolean expired(Clock clock) {
    return !clock.instant().isBefore(expiry);
  }

  /** How long the access token lives in all. */
  public Duration lifetime() {
    return Duration.between(created, expiry);
  }

  @Override
  public String toString() {
    return "Token[created=" + created + ", expiry=" + expiry + "]";
  }
}
