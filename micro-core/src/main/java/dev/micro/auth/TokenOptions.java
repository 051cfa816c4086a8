package dev.micro.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Auth#token} proves who asks: an account id with its secret, or a refresh token.
 * Immutable. Secrets never appear in {@link #toString()}.
 *
 * <pre>{@code
 * Token t = auth.token(TokenOptions.credentials("orders", secret));
 * Token next = auth.token(TokenOptions.refresh(t.refreshToken()));
 * }</pre>
 */
public final class TokenOptions {
  private final String id;
  private final String secret;
  private final String refreshToken;
  private final Duration expiry;

  private TokenOptions(String id, String secret, String refreshToken, Duration expiry) {
    this.id = id;
    this.secret = secret;
    this.refreshToken = refreshToken;
    this.expiry = expiry;
  }

  /** A token for the account {@code id}, proved by its secret. */
  public static TokenOptions credentials(String id, String secret) {
    return new TokenOptions(Objects.requireNonNull(id, "id"), Objects.requireNonNull(secret, "secret"), null, null);
  }

  /** A new pair for a refresh token; the refresh token is used up. */
  public static TokenOptions refresh(String refreshToken) {
    return new TokenOptions(null, null, Objects.requireNonNull(refreshToken, "refreshToken"), null);
  }

  /** A copy asking for an access token that lives {@code expiry} instead of the default. */
  public TokenOptions withExpiry(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("expiry: " + expiry + " (expected: > 0)");
    }
    return new TokenOptions(id, secret, refreshToken, expiry);
  }

  /** The account id, for credentials. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The secret, for credentials. */
  public Optional<String> secret() {
    return Optional.ofNullable(secret);
  }

  public Optional<String> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** The access token's lifetime, if not the default. */
  public Optional<Duration> expiry() {
    return Optional.ofNullable(expiry);
  }

  @Override
  public String toString() {
    return id != null ? "TokenOptions[credentials of " + id + ", expiry=" + expiry + "]"
        : "TokenOptions[refresh, expiry=" + expiry + "]";
  }
}
