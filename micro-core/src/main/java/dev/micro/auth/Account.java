package dev.micro.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: a user or a service, with the scopes that rules grant access by.
 *
 * <p>{@link Auth#generate} returns the account with its {@link #secret()}, once; every other
 * account (from {@link Auth#inspect}, {@link AuthContext#account()}) carries none. The secret never
 * appears in {@link #toString()}.
 *
 * @param id the account id, the token's {@code sub}
 * @param type a user or a service
 * @param issuer who issued its tokens, the token's {@code iss}
 * @param scopes what rules match on ({@code admin}, {@code orders.read})
 * @param metadata free-form key/values carried in its tokens
 * @param secret the secret to exchange for tokens, only present when just generated
 */
public record Account(String id, Type type, String issuer, List<String> scopes, Map<String, String> metadata,
    Optional<String> secret) {

  /** The two kinds of account, named as go-micro's {@code type} claim names them. */
  public enum Type {
    USER("user"),
    SERVICE("service");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** {@code user} or {@code service}. */
    public String wireName() {
      return wireName;
    }

    /** The type named {@code name}, case-insensitively. */
    public static Type of(String name) {
      for (Type t : values()) {
        if (t.wireName.equalsIgnoreCase(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("account type: '" + name + "' (expected: user or service)");
    }
  }

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(issuer, "issuer");
    scopes = List.copyOf(scopes);
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(secret, "secret");
  }

  /** Whether the account holds {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** A copy without the secret. */
  public Account withoutSecret() {
    return secret.isEmpty() ? this : new Account(id, type, issuer, scopes, metadata, Optional.empty());
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", type=" + type.wireName + ", issuer=" + issuer + ", scopes=" + scopes
        + ", metadata=" + metadata + (secret.isPresent() ? ", secret=***" : "") + "]";
  }
}
