package dev.micro.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codecs;
import dev.micro.server.Dispatcher;
import dev.micro.server.IncomingCall;
import dev.micro.server.PojoHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthServerInterceptorTest {
  static final AtomicInteger calls = new AtomicInteger();

  public static class Vault {
    public byte[] open(byte[] in) {
      calls.incrementAndGet();
      return AuthContext.account().map(Account::id).orElse("anonymous").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] peek(byte[] in) {
      return open(in);
    }
  }

  /** Knows one token, "good", standing for alice with scope vault. */
  static final class OneTokenAuth extends AuthValuesTest.NoAuth {
    @Override
    public Account inspect(String accessToken) {
      if (accessToken.equals("good")) {
        return new Account("alice", Account.Type.USER, "micro", List.of("vault"), Map.of(), Optional.empty());
      }
      throw Status.UNAUTHENTICATED.withDescription("token expired").asException();
    }
  }

  final Rules rules = Rules.of(
      Rule.grant("openers", "vault", Resource.service("vault", "Vault.Open")),
      Rule.grant("peek", Rule.PUBLIC, Resource.service("vault", "Vault.Peek")));
  final Dispatcher dispatcher = new Dispatcher("vault", new PojoHandlerAdapter().adapt(new Vault()), Codecs.load(),
      List.of(new AuthServerInterceptor(new OneTokenAuth(), rules)), 1024);

  String call(String endpoint, Metadata md) {
    IncomingCall c = new IncomingCall(endpoint, "application/octet-stream", md, Deadline.after(Duration.ofSeconds(5)), "test");
    return new String(dispatcher.unary(c, dispatcher.route(endpoint), new byte[0]), StandardCharsets.UTF_8);
  }

  @Test
  void aValidTokenReachesTheHandlerWhichSeesTheAccount() {
    assertThat(call("Vault.Open", Metadata.of("Authorization", "Bearer good"))).isEqualTo("alice");
    assertThat(AuthContext.account()).isEmpty();
  }

  @Test
  void noTokenOrABadOneIsUnauthenticatedAndTheHandlerNeverRuns() {
    int before = calls.get();
    assertThatThrownBy(() -> call("Vault.Open", Metadata.empty()))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.detail()).contains("no token");
        });
    assertThatThrownBy(() -> call("Vault.Open", Metadata.of("authorization", "Bearer stale")))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.detail()).contains("token expired").doesNotContain("stale");
        });
    assertThatThrownBy(() -> call("Vault.Open", Metadata.of("Authorization", "Basic good")))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(calls.get()).isEqualTo(before);
  }

  @Test
  void aKnownAccountWithoutTheScopeIsDenied() {
    rules.grant(Rule.deny("openers", "vault", Resource.service("vault", "Vault.Open")));
    assertThatThrownBy(() -> call("Vault.Open", Metadata.of("Authorization", "Bearer good")))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.toJson()).contains("\"code\":403");
        });
  }

  @Test
  void aPublicEndpointNeedsNoTokenAndIgnoresABadOne() {
    assertThat(call("Vault.Peek", Metadata.empty())).isEqualTo("anonymous");
    assertThat(call("Vault.Peek", Metadata.of("Authorization", "Bearer stale"))).isEqualTo("anonymous");
  }
}
