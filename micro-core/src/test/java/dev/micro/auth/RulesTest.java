package dev.micro.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesTest {
  static final Resource HELLO = Resource.service("greeter", "Greeter.Hello");
  static final Resource ADMIN = Resource.service("greeter", "Admin.Reset");

  static Optional<Account> account(String... scopes) {
    return Optional.of(new Account("alice", Account.Type.USER, "micro", List.of(scopes), Map.of(), Optional.empty()));
  }

  @Test
  void nothingMatchingDeniesAnonymousCallersAsUnauthenticated() {
    assertThat(Rules.verify(List.of(), Optional.empty(), HELLO)).isEqualTo(Decision.UNAUTHENTICATED);
  }

  @Test
  void nothingMatchingDeniesKnownAccountsAsForbidden() {
    assertThat(Rules.verify(List.of(), account("x"), HELLO)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void aPublicRuleLetsEveryoneInWithOrWithoutAnAccount() {
    List<Rule> rules = List.of(Rule.grant("pub", Rule.PUBLIC, HELLO));
    assertThat(Rules.verify(rules, Optional.empty(), HELLO)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(rules, account(), HELLO)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(rules, Optional.empty(), ADMIN)).isEqualTo(Decision.UNAUTHENTICATED);
  }

  @Test
  void theAnyAccountScopeNeedsAnAccountButNoParticularScope() {
    List<Rule> rules = List.of(Rule.grant("any", Rule.ANY_ACCOUNT, Resource.service("*", "*")));
    assertThat(Rules.verify(rules, account(), HELLO)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(rules, Optional.empty(), HELLO)).isEqualTo(Decision.UNAUTHENTICATED);
  }

  @Test
  void aScopedRuleAppliesOnlyToAccountsHoldingTheScope() {
    List<Rule> rules = List.of(Rule.grant("callers", "greeter.call", Resource.service("greeter", "*")));
    assertThat(Rules.verify(rules, account("greeter.call"), HELLO)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(rules, account("other"), HELLO)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void wildcardsMatchServicesHandlersAndEndpoints() {
    assertThat(Resource.service("*", "*").matches(HELLO)).isTrue();
    assertThat(Resource.service("greeter", "Greeter.*").matches(HELLO)).isTrue();
    assertThat(Resource.service("greeter", "Greeter.*").matches(ADMIN)).isFalse();
    assertThat(Resource.service("greet*", "*.Hello").matches(HELLO)).isTrue();
    assertThat(Resource.service("greeter", "*Hell*").matches(HELLO)).isTrue();
    assertThat(Resource.service("greeter", "Greeter.Hello*").matches(HELLO)).isTrue();
    assertThat(Resource.service("greeter", "Greeter.Hello").matches(Resource.service("greeter", "Greeter.Hellox"))).isFalse();
    assertThat(Resource.service("g*r*r", "*").matches(Resource.service("gr", "x"))).isFalse();
    assertThat(new Resource("web", "*", "*").matches(HELLO)).isFalse();
  }

  @Test
  void theHighestPriorityRuleWins() {
    List<Rule> rules = List.of(
        Rule.grant("all", "user", Resource.service("*", "*")),
        Rule.deny("no-admin", "user", Resource.service("greeter", "Admin.*")).withPriority(10));
    assertThat(Rules.verify(rules, account("user"), HELLO)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(rules, account("user"), ADMIN)).isEqualTo(Decision.FORBIDDEN);

    List<Rule> overridden = List.of(
        Rule.deny("nobody", Rule.ANY_ACCOUNT, Resource.service("*", "*")),
        Rule.grant("admins", "admin", Resource.service("*", "*")).withPriority(5));
    assertThat(Rules.verify(overridden, account("admin"), ADMIN)).isEqualTo(Decision.GRANTED);
    assertThat(Rules.verify(overridden, account("user"), ADMIN)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void aDenialWinsATieOfPriorities() {
    List<Rule> rules = List.of(
        Rule.grant("grant", "user", HELLO),
        Rule.deny("deny", Rule.ANY_ACCOUNT, HELLO));
    assertThat(Rules.verify(rules, account("user"), HELLO)).isEqualTo(Decision.FORBIDDEN);
    assertThat(Rules.verify(List.of(rules.get(1), rules.get(0)), account("user"), HELLO)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void aPublicDenialForbidsEvenAnonymousCallers() {
    List<Rule> rules = List.of(Rule.deny("closed", Rule.PUBLIC, HELLO));
    assertThat(Rules.verify(rules, Optional.empty(), HELLO)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void rulesChangeAtRuntimeAndAGrantWithAnExistingIdReplacesIt() {
    Rules rules = Rules.of(Rule.grant("r1", "user", HELLO));
    assertThat(rules.verify(account("user"), HELLO)).isEqualTo(Decision.GRANTED);
    rules.grant(Rule.deny("r1", "user", HELLO));
    assertThat(rules.list()).hasSize(1);
    assertThat(rules.verify(account("user"), HELLO)).isEqualTo(Decision.FORBIDDEN);
    assertThat(rules.revoke("r1")).isTrue();
    assertThat(rules.revoke("r1")).isFalse();
    assertThat(rules.list()).isEmpty();
  }
}
