package dev.micro.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.CallOptions;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.AuthClientInterceptor;
import dev.micro.auth.Token;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthClientInterceptorTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock();
  final List<String> sent = new ArrayList<>();

  String call(AuthClientInterceptor interceptor, CallOptions options) {
    interceptor.intercept("greeter", "Greeter.Hello", options, o -> {
      sent.add(o.metadata().get("Authorization").orElse(""));
      return null;
    });
    return sent.getLast();
  }

  @Test
  void theServiceTokenIsSentAndRenewedAMinuteBeforeItExpires() {
    JwtAuth auth = JwtAuth.builder().directory(dir).clock(clock).hashIterations(10_000)
        .accessTokenTtl(Duration.ofMinutes(10)).build();
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    AuthClientInterceptor interceptor = new AuthClientInterceptor(auth, "orders", secret, clock);

    String first = call(interceptor, CallOptions.DEFAULT);
    assertThat(first).startsWith("Bearer ");
    assertThat(auth.inspect(first.substring(7)).id()).isEqualTo("orders");
    clock.advance(Duration.ofMinutes(8));
    assertThat(call(interceptor, CallOptions.DEFAULT)).isEqualTo(first);

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    String renewed = call(interceptor, CallOptions.DEFAULT);
    assertThat(renewed).isNotEqualTo(first);
    assertThat(auth.inspect(renewed.substring(7)).id()).isEqualTo("orders");
  }

  @Test
  void aRevokedRefreshTokenFallsBackToTheCredentials() {
    JwtAuth auth = JwtAuth.builder().directory(dir).clock(clock).hashIterations(10_000)
        .accessTokenTtl(Duration.ofMinutes(2)).build();
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    AuthClientInterceptor interceptor = new AuthClientInterceptor(auth, "orders", secret, clock);
    Token t = interceptor.current();
    auth.revoke(t.refreshToken());
    clock.advance(Duration.ofSeconds(100));
    String renewed = call(interceptor, CallOptions.DEFAULT);
    assertThat(auth.inspect(renewed.substring(7)).id()).isEqualTo("orders");
  }

  @Test
  void anExplicitAuthorizationIsLeftAlone() {
    JwtAuth auth = JwtAuth.builder().directory(dir).clock(clock).hashIterations(10_000).build();
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    AuthClientInterceptor interceptor = new AuthClientInterceptor(auth, "orders", secret, clock);
    assertThat(call(interceptor, CallOptions.DEFAULT.withMetadata("Authorization", "Bearer mine"))).isEqualTo("Bearer mine");
  }
}
