package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Service;
import dev.micro.Status;
import dev.micro.auth.Account;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.AuthClientInterceptor;
import dev.micro.auth.AuthContext;
import dev.micro.auth.AuthServerInterceptor;
import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.Rules;
import dev.micro.auth.Token;
import dev.micro.auth.TokenOptions;
import dev.micro.auth.jwt.JwtAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A service guarded by tokens and rules, called over real sockets on a file registry. */
class AuthEndToEndTest {
  /** Endpoints {@code Vault.*}; each answers with the calling account's id. */
  public static class Vault {
    final AtomicInteger calls = new AtomicInteger();

    public record Ask(String what) {}

    public record Answer(String account, String scopes) {}

    public Answer open(Ask a) {
      calls.incrementAndGet();
      return new Answer(AuthContext.account().map(Account::id).orElse("anonymous"),
          AuthContext.account().map(acc -> String.join(",", acc.scopes())).orElse(""));
    }

    public Answer peek(Ask a) {
      return open(a);
    }
  }

  @TempDir Path registryDir;
  @TempDir Path authDir;
  @TempDir Path otherAuthDir;
  final Vault vault = new Vault();
  final Rules rules = Rules.of(
      Rule.grant("openers", "vault", Resource.service("vault", "Vault.Open")),
      Rule.grant("peek-public", Rule.PUBLIC, Resource.service("vault", "Vault.Peek")));
  JwtAuth auth;
  Service service;
  Service front;
  Client client;

  void start(String transport) {
    auth = JwtAuth.builder().directory(authDir).hashIterations(10_000).build();
    service = Micro.service("vault").registry(Fixtures.registryUrl(registryDir)).transport(transport)
        .handle(vault).interceptor(new AuthServerInterceptor(auth, rules)).start();
    client = Fixtures.wireClient(registryDir);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {client, front == null ? null : front::stop, service == null ? null : service::stop}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  String tokenFor(String id, String... scopes) {
    String secret = auth.generate(id, AccountOptions.user().withScopes(scopes)).secret().orElseThrow();
    return auth.token(TokenOptions.credentials(id, secret)).accessToken();
  }

  Vault.Answer open(String token) {
    CallOptions o = token == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withMetadata("Authorization", "Bearer " + token);
    return client.call("vault", "Vault.Open", new Vault.Ask("gold"), Vault.Answer.class, o);
  }

  MicroException refused(String token) {
    try {
      open(token);
    } catch (MicroException e) {
      return e;
    }
    throw new AssertionError("expected the call to be refused");
  }

  void assertRefused(String token, Status.Code code, int http) {
    int before = vault.calls.get();
    MicroException e = refused(token);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.toJson()).contains("\"code\":" + http).contains("\"id\":\"vault\"");
    if (token != null) {
      assertThat(e.toJson()).doesNotContain(token);
    }
    assertThat(vault.calls.get()).as("handler invocations").isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aValidTokenReachesTheHandlerWhichSeesTheAccount(String transport) {
    start(transport);
    Vault.Answer a = open(tokenFor("alice", "vault", "reader"));
    assertThat(a.account()).isEqualTo("alice");
    assertThat(a.scopes()).isEqualTo("vault,reader");
    assertThat(vault.calls.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void callsWithoutAValidTokenAreUnauthenticatedAndNeverReachTheHandler(String transport) throws Exception {
    start(transport);
    assertRefused(null, Status.Code.UNAUTHENTICATED, 401);

    String secret = auth.generate("bob", AccountOptions.user().withScopes("vault")).secret().orElseThrow();
    Token shortLived = auth.token(TokenOptions.credentials("bob", secret).withExpiry(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(shortLived.expiry()));
    assertRefused(shortLived.accessToken(), Status.Code.UNAUTHENTICATED, 401);
    assertThat(refused(shortLived.accessToken()).detail()).contains("token expired");

    JwtAuth other = JwtAuth.builder().directory(otherAuthDir).hashIterations(10_000).build();
    String otherSecret = other.generate("mallory", AccountOptions.user().withScopes("vault")).secret().orElseThrow();
    assertRefused(other.token(TokenOptions.credentials("mallory", otherSecret)).accessToken(), Status.Code.UNAUTHENTICATED, 401);

    String[] parts = tokenFor("eve", "reader").split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"reader\"", "\"vault\"");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertRefused(tampered, Status.Code.UNAUTHENTICATED, 401);
    assertThat(refused(tampered).detail()).contains("invalid token signature");

    String revoked = tokenFor("trent", "vault");
    auth.revoke(revoked);
    assertRefused(revoked, Status.Code.UNAUTHENTICATED, 401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aTokenWithoutTheScopeIsForbidden(String transport) {
    start(transport);
    assertRefused(tokenFor("carol", "reader"), Status.Code.PERMISSION_DENIED, 403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc"})
  void aRuleChangeTakesEffectWithoutRestart(String transport) {
    start(transport);
    String carol = tokenFor("carol", "reader");
    assertRefused(carol, Status.Code.PERMISSION_DENIED, 403);

    rules.grant(Rule.grant("readers", "reader", Resource.service("vault", "Vault.*")));
    assertThat(open(carol).account()).isEqualTo("carol");

    rules.grant(Rule.deny("lockdown", Rule.ANY_ACCOUNT, Resource.service("vault", "*")).withPriority(100));
    assertRefused(carol, Status.Code.PERMISSION_DENIED, 403);
    assertThat(rules.revoke("lockdown")).isTrue();
    assertThat(open(carol).account()).isEqualTo("carol");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aPublicEndpointNeedsNoToken(String transport) {
    start(transport);
    Vault.Answer a = client.call("vault", "Vault.Peek", new Vault.Ask("x"), Vault.Answer.class);
    assertThat(a.account()).isEqualTo("anonymous");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc"})
  void aClientWithTheAuthInterceptorSendsItsServiceToken(String transport) {
    start(transport);
    String secret = auth.generate("orders", AccountOptions.service().withScopes("vault")).secret().orElseThrow();
    try (Client authed = Micro.client().registry(Fixtures.registryUrl(registryDir)).localCalls(false)
        .interceptor(new AuthClientInterceptor(auth, "orders", secret)).build()) {
      assertThat(authed.call("vault", "Vault.Open", new Vault.Ask("gold"), Vault.Answer.class).account()).isEqualTo("orders");
      assertThat(authed.call("vault", "Vault.Open", new Vault.Ask("gold"), Vault.Answer.class).account()).isEqualTo("orders");
    }
  }

  /** Calls {@code Vault.Open} onward with the client of the service it runs in. */
  public static class Front {
    volatile Client onward;

    public Vault.Answer open(Vault.Ask a) {
      return onward.call("vault", "Vault.Open", a, Vault.Answer.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc"})
  void aServiceCallsOnwardWithItsOwnTokenNotItsCallers(String transport) {
    start(transport);
    String secret = auth.generate("front", AccountOptions.service().withScopes("vault")).secret().orElseThrow();
    Front handler = new Front();
    front = Micro.service("front").registry(Fixtures.registryUrl(registryDir)).transport(transport)
        .clientInterceptor(new AuthClientInterceptor(auth, "front", secret))
        .handle(handler)
        .start();
    handler.onward = front.client();
    String carol = tokenFor("carol", "reader");
    Vault.Answer a = client.call("front", "Front.Open", new Vault.Ask("gold"), Vault.Answer.class,
        CallOptions.DEFAULT.withMetadata("Authorization", "Bearer " + carol));
    assertThat(a.account()).isEqualTo("front");
  }
}
