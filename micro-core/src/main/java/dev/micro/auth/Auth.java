package dev.micro.auth;

/**
 * Identity for services and users: accounts, the tokens they exchange their secrets for, and the
 * check of a token presented with a call. Pair it with {@link Rules} and
 * {@link AuthServerInterceptor} to enforce access, and {@link AuthClientInterceptor} to send the
 * service's own token. Implementations must be safe for concurrent use.
 *
 * <pre>{@code
 * Account acc = auth.generate("orders", AccountOptions.service().withScopes("orders"));
 * Token t = auth.token(TokenOptions.credentials(acc.id(), acc.secret().orElseThrow()));
 * Account caller = auth.inspect(t.accessToken());
 * }</pre>
 *
 * <p>Failures are {@link dev.micro.MicroException}s: UNAUTHENTICATED for a bad secret or token,
 * ALREADY_EXISTS for an account id taken. Their details never contain a secret or a token.
 */
public interface Auth {

  /**
   * Creates an account. The returned account carries its secret, which is not stored in the clear
   * and cannot be read again.
   */
  Account generate(String id, AccountOptions options);

  /** Issues an access and refresh token for an account's credentials or for a refresh token. */
  Token token(TokenOptions options);

  /**
   * The account an access token stands for, after checking its signature, issuer, expiry and that
   * it was not revoked.
   *
   * @throws dev.micro.MicroException UNAUTHENTICATED saying what was wrong
   */
  Account inspect(String accessToken);

  /**
   * Revokes an access or refresh token: it is refused from now on, until it would have expired
   * anyway.
   *
   * @throws dev.micro.MicroException UNAUTHENTICATED if the token is not one this auth issued
   */
  void revoke(String token);
}
