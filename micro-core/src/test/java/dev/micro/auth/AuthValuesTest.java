package dev.micro.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthValuesTest {
  static final String SECRET = "s3cr3t-s3cr3t-s3cr3t";

  @Test
  void noSecretOrTokenAppearsInToString() {
    Account acc = new Account("orders", Account.Type.SERVICE, "micro", List.of("a"), Map.of(), Optional.of(SECRET));
    Token token = new Token("access.jwt.value", "refresh.jwt.value", Instant.EPOCH, Instant.EPOCH.plusSeconds(60));
    assertThat(acc.toString()).contains("orders").doesNotContain(SECRET);
    assertThat(acc.withoutSecret().secret()).isEmpty();
    assertThat(token.toString()).doesNotContain("access.jwt.value").doesNotContain("refresh.jwt.value");
    assertThat(TokenOptions.credentials("orders", SECRET).toString()).doesNotContain(SECRET);
    assertThat(TokenOptions.refresh("refresh.jwt.value").toString()).doesNotContain("refresh.jwt.value");
    assertThat(AccountOptions.service().withSecret(SECRET).toString()).doesNotContain(SECRET);
    assertThat(new AuthClientInterceptor(new NoAuth(), "orders", SECRET).toString()).doesNotContain(SECRET);
  }

  @Test
  void accountOptionsRefuseShortSecretsAndTheReservedScope() {
    assertThatThrownBy(() -> AccountOptions.user().withSecret("short")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> AccountOptions.user().withScopes("*")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accountTypesUseGoMicrosNames() {
    assertThat(Account.Type.of("service")).isEqualTo(Account.Type.SERVICE);
    assertThat(Account.Type.USER.wireName()).isEqualTo("user");
    assertThatThrownBy(() -> Account.Type.of("robot")).hasMessageContaining("robot");
  }

  /** An auth that knows nobody. */
  static class NoAuth implements Auth {
    @Override
    public Account generate(String id, AccountOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Token token(TokenOptions options) {
      throw dev.micro.Status.UNAUTHENTICATED.withDescription("unknown").asException();
    }

    @Override
    public Account inspect(String accessToken) {
      throw dev.micro.Status.UNAUTHENTICATED.withDescription("invalid token").asException();
    }

    @Override
    public void revoke(String token) {}
  }
}
