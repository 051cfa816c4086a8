package dev.micro.auth;

import dev.micro.CallOptions;
import dev.micro.MicroException;
import dev.micro.client.ClientInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a service's own token with every call: {@code Authorization: Bearer <token>}. The token
 * is obtained with the account's credentials on first use, renewed with the refresh token a
 * minute before it expires (a quarter of its life before, for tokens shorter than four minutes),
 * and obtained afresh from the credentials if refreshing fails. A call whose options already carry an
 * {@code Authorization} entry is left alone.
 *
 * <pre>{@code
 * Client client = Micro.client()
 *     .interceptor(new AuthClientInterceptor(auth, "orders", secret))
 *     .build();
 * }</pre>
 *
 * <p>Safe for concurrent use; one caller renews while the others keep the still-valid token.
 */
public final class AuthClientInterceptor implements ClientInterceptor {
  private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

  private final Auth auth;
  private final String id;
  private final String secret;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Token token;
  private volatile Instant renewAt = Instant.MIN;

  /** An interceptor for the account {@code id}, renewing by the system clock. */
  public AuthClientInterceptor(Auth auth, String id, String secret) {
    this(auth, id, secret, Clock.systemUTC());
  }

  /** An interceptor for the account {@code id}, renewing by {@code clock}. */
  public AuthClientInterceptor(Auth auth, String id, String secret, Clock clock) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.id = Objects.requireNonNull(id, "id");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Object intercept(String service, String endpoint, CallOptions options, Next next) {
    if (options.metadata().get(AuthServerInterceptor.AUTHORIZATION).isPresent()) {
      return next.proceed(options);
    }
    return next.proceed(options.withMetadata(AuthServerInterceptor.AUTHORIZATION, "Bearer " + current().accessToken()));
  }

  /** The token to send now, renewed first if it is due. */
  public Token current() {
    Token t = token;
    if (t != null && clock.instant().isBefore(renewAt)) {
      return t;
    }
    lock.lock();
    try {
      t = token;
      if (t != null && clock.instant().isBefore(renewAt)) {
        return t;
      }
      t = renew(t);
      token = t;
      renewAt = renewalTime(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  private Token renew(Token old) {
    if (old != null && !old.refreshToken().isEmpty()) {
      try {
        return auth.token(TokenOptions.refresh(old.refreshToken()));
      } catch (MicroException e) {
        // The refresh token expired or was revoked: the credentials still work.
      }
    }
    return auth.token(TokenOptions.credentials(id, secret));
  }

  private static Instant renewalTime(Token t) {
    Duration life = t.lifetime();
    Duration margin = life.dividedBy(4);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    return t.expiry().minus(margin);
  }

  @Override
  public String toString() {
    return "AuthClientInterceptor[account=" + id + "]";
  }
}
