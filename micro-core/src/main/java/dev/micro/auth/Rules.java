package dev.micro.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules a service enforces, changeable while it runs: a grant or revoke takes effect on the
 * next call. Safe for concurrent use; readers see an immutable snapshot and never wait.
 *
 * <pre>{@code
 * Rules rules = Rules.of(
 *     Rule.grant("public-hello", Rule.PUBLIC, Resource.service("greeter", "Greeter.Hello")),
 *     Rule.grant("callers", "greeter.call", Resource.service("greeter", "*")));
 * rules.grant(Rule.deny("no-admin", "*", Resource.service("greeter", "Admin.*")).withPriority(5));
 * }</pre>
 */
public final class Rules {
  private final AtomicReference<List<Rule>> rules;

  private Rules(List<Rule> initial) {
    this.rules = new AtomicReference<>(List.copyOf(initial));
  }

  /** Rules holding {@code rules}; ids must be unique. */
  public static Rules of(Rule... rules) {
    return of(List.of(rules));
  }

  /** Rules holding {@code rules}; ids must be unique. */
  public static Rules of(Collection<Rule> rules) {
    Rules r = new Rules(List.of());
    rules.forEach(r::grant);
    return r;
  }

  /** The rules now, in the order they were added. */
  public List<Rule> list() {
    return rules.get();
  }

  /** Adds {@code rule}, replacing the rule with the same id if there is one. */
  public void grant(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    rules.updateAndGet(current -> {
      List<Rule> next = new ArrayList<>(current.size() + 1);
      boolean replaced = false;
      for (Rule r : current) {
        if (r.id().equals(rule.id())) {
          next.add(rule);
          replaced = true;
        } else {
          next.add(r);
        }
      }
      if (!replaced) {
        next.add(rule);
      }
      return List.copyOf(next);
    });
  }

  /**
   * Replaces every rule with {@code rules} at once: a call sees either the old set or the new one.
   * Ids must be unique.
   */
  public void replaceAll(Collection<Rule> rules) {
    Rules checked = of(rules);
    this.rules.set(checked.rules.get());
  }

  /** Removes the rule with this id; returns whether there was one. */
  public boolean revoke(String id) {
    Objects.requireNonNull(id, "id");
    List<Rule> before = rules.getAndUpdate(current -> current.stream().filter(r -> !r.id().equals(id)).toList());
    return before.stream().anyMatch(r -> r.id().equals(id));
  }

  /** Checks these rules for a call; see {@link #verify(List, Optional, Resource)}. */
  public Decision verify(Optional<Account> account, Resource resource) {
    return verify(rules.get(), account, resource);
  }

  /**
   * Decides whether {@code account} (empty: no valid token) may reach {@code resource}.
   *
   * <ol>
   *   <li>Rules whose resource pattern matches and whose scope applies to the caller are
   *       considered: {@link Rule#PUBLIC} always, {@link Rule#ANY_ACCOUNT} with an account, any
   *       other scope when the account holds it.
   *   <li>The highest priority among them decides; at that priority a denial beats a grant.
   *   <li>When none applies, access is denied: UNAUTHENTICATED without an account, FORBIDDEN with
   *       one. A public denial is FORBIDDEN for everyone.
   * </ol>
   */
  public static Decision verify(List<Rule> rules, Optional<Account> account, Resource resource) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(resource, "resource");
    boolean found = false;
    int best = Integer.MIN_VALUE;
    boolean denied = false;
    for (Rule r : rules) {
      if (!r.resource().matches(resource) || !r.appliesTo(account)) {
        continue;
      }
      if (!found || r.priority() > best) {
        found = true;
        best = r.priority();
        denied = r.access() == Rule.Access.DENIED;
      } else if (r.priority() == best && r.access() == Rule.Access.DENIED) {
        denied = true;
      }
    }
    if (!found) {
      return account.isPresent() ? Decision.FORBIDDEN : Decision.UNAUTHENTICATED;
    }
    return denied ? Decision.FORBIDDEN : Decision.GRANTED;
  }

  @Override
  public String toString() {
    return "Rules" + rules.get();
  }
}
