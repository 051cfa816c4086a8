package dev.micro.auth;

import java.util.Objects;

/**
 * One access rule: callers holding {@code scope} get {@code access} to the resources matching
 * {@code resource}. Among the rules that match a call, the highest priority decides, and a denial
 * wins over a grant of the same priority; see {@link Rules#verify}.
 *
 * <p>Two scopes are special, as in go-micro: {@link #PUBLIC} ({@code ""}) applies to every
 * caller, even one without a token, and {@link #ANY_ACCOUNT} ({@code *}) to every caller with a
 * valid token.
 *
 * <pre>{@code
 * Rule.grant("hello-public", Rule.PUBLIC, Resource.service("greeter", "Greeter.Hello"));
 * Rule.grant("admins", "admin", Resource.service("*", "*")).withPriority(10);
 * }</pre>
 */
public record Rule(String id, String scope, Resource resource, Access access, int priority) {
  /** The scope of rules that apply to everyone, with or without an account. */
  public static final String PUBLIC = "";
  /** The scope of rules that apply to any authenticated account. */
  public static final String ANY_ACCOUNT = "*";

  /** Whether a rule lets the call through or stops it. */
  public enum Access {
    GRANTED,
    DENIED
  }

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(access, "access");
    if (id.isBlank()) {
      throw new IllegalArgumentException("rule id: '" + id + "' (expected: non-blank)");
    }
  }

  /** A rule granting {@code scope} access to {@code resource}, priority 0. */
  public static Rule grant(String id, String scope, Resource resource) {
    return new Rule(id, scope, resource, Access.GRANTED, 0);
  }

  /** A rule denying {@code scope} access to {@code resource}, priority 0. */
  public static Rule deny(String id, String scope, Resource resource) {
    return new Rule(id, scope, resource, Access.DENIED, 0);
  }

  /** A copy with this priority; higher wins. */
  public Rule withPriority(int priority) {
    return new Rule(id, scope, resource, access, priority);
  }

  /** Whether this rule applies to a caller with {@code account} (empty: no valid token). */
  boolean appliesTo(java.util.Optional<Account> account) {
    if (scope.equals(PUBLIC)) {
      return true;
    }
    if (account.isEmpty()) {
      return false;
    }
    return scope.equals(ANY_ACCOUNT) || account.get().hasScope(scope);
  }
}
