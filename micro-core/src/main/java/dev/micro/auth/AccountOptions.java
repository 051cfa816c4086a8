package dev.micro.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Auth#generate} creates: the account's type, scopes, metadata, and optionally a
 * secret chosen by the caller (otherwise a random one is generated). Immutable; {@code with…}
 * methods return copies.
 *
 * <pre>{@code
 * Account orders = auth.generate("orders", AccountOptions.service().withScopes("orders", "payments.call"));
 * }</pre>
 */
public final class AccountOptions {
  private final Account.Type type;
  private final List<String> scopes;
  private final Map<String, String> metadata;
  private final String secret;

  private AccountOptions(Account.Type type, List<String> scopes, Map<String, String> metadata, String secret) {
    this.type = type;
    this.scopes = List.copyOf(scopes);
    this.metadata = Map.copyOf(metadata);
    this.secret = secret;
  }

  /** Options for a user account with no scopes. */
  public static AccountOptions user() {
    return new AccountOptions(Account.Type.USER, List.of(), Map.of(), null);
  }

  /** Options for a service account with no scopes. */
  public static AccountOptions service() {
    return new AccountOptions(Account.Type.SERVICE, List.of(), Map.of(), null);
  }

  /** A copy with these scopes instead of the current ones. */
  public AccountOptions withScopes(String... scopes) {
    for (String s : scopes) {
      Objects.requireNonNull(s, "scope");
      if (s.isBlank() || s.equals(Rule.ANY_ACCOUNT)) {
        throw new IllegalArgumentException("scope: '" + s + "' (expected: a non-blank name other than '*')");
      }
    }
    return new AccountOptions(type, List.of(scopes), metadata, secret);
  }

  /** A copy with one metadata entry added. */
  public AccountOptions withMetadata(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new AccountOptions(type, scopes, m, secret);
  }

  /** A copy with a secret chosen by the caller, at least 16 characters. */
  public AccountOptions withSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < 16) {
      throw new IllegalArgumentException("secret: " + secret.length() + " characters (expected: >= 16)");
    }
    return new AccountOptions(type, scopes, metadata, secret);
  }

  public Account.Type type() {
    return type;
  }

  public List<String> scopes() {
    return scopes;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** The secret chosen by the caller, if any. */
  public Optional<String> secret() {
    return Optional.ofNullable(secret);
  }

  @Override
  public String toString() {
    return "AccountOptions[type=" + type.wireName() + ", scopes=" + scopes + ", metadata=" + metadata
        + (secret != null ? ", secret=***" : "") + "]";
  }
}
