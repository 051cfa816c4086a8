package dev.micro.auth;

import dev.micro.CallContext;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.server.IncomingCall;
import dev.micro.server.ServerInterceptor;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces {@link Rules} on every call a service handles. It reads the caller's token from the
 * {@code Authorization: Bearer <token>} metadata, checks it with {@link Auth#inspect}, and
 * verifies the rules for the resource {@code service/<name>/<endpoint>}. A refused call fails with
 * UNAUTHENTICATED (401: no valid token) or PERMISSION_DENIED (403: valid token, not allowed), and
 * the handler never runs. An allowed call runs with the account in {@link AuthContext#account()}.
 *
 * <p>A token that fails inspection counts as no token, so public endpoints stay reachable; for
 * other endpoints the error says why the token was refused, never what it held.
 *
 * <pre>{@code
 * Micro.service("greeter").handle(new Greeter())
 *     .interceptor(new AuthServerInterceptor(auth, rules))
 *     .start();
 * }</pre>
 *
 * <p>Safe for concurrent use; rules changed through {@link Rules} apply to the next call.
 */
public final class AuthServerInterceptor implements ServerInterceptor {
  /** The metadata key carrying the token. */
  public static final String AUTHORIZATION = "Authorization";
  private static final String BEARER = "Bearer ";

  private final Auth auth;
  private final Rules rules;

  public AuthServerInterceptor(Auth auth, Rules rules) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  @Override
  public Object intercept(IncomingCall call, Next next) throws Exception {
    String service = CallContext.current().map(CallContext::service).orElse("");
    Optional<String> token = bearer(call);
    Account account = null;
    MicroException refusal = null;
    if (token.isPresent()) {
      try {
        account = auth.inspect(token.get());
      } catch (MicroException e) {
        refusal = e;
      }
    }
    Resource resource = Resource.service(service, call.endpoint());
    Decision d = rules.verify(Optional.ofNullable(account), resource);
    switch (d) {
      case GRANTED -> {
        return AuthContext.with(account, next::proceed);
      }
      case UNAUTHENTICATED -> {
        String why = token.isEmpty() ? "no token" : refusal != null ? refusal.detail() : "invalid token";
        throw new MicroException(Status.UNAUTHENTICATED.withDescription(
            "%s requires authentication: %s", call.endpoint(), why), service);
      }
      default -> throw new MicroException(Status.PERMISSION_DENIED.withDescription(
          "%s is not allowed to call %s", account == null ? "anonymous caller" : "account " + account.id(),
          call.endpoint()), service);
    }
  }

  /** The bearer token in the call's metadata, if there is one. */
  static Optional<String> bearer(IncomingCall call) {
    return call.metadata().get(AUTHORIZATION)
        .filter(v -> v.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        .map(v -> v.substring(BEARER.length()).trim())
        .filter(v -> !v.isEmpty());
  }

  @Override
  public String toString() {
    return "AuthServerInterceptor[" + auth + "]";
  }
}
