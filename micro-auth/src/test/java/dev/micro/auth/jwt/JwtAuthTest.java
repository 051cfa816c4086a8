package dev.micro.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.auth.Account;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.Token;
import dev.micro.auth.TokenOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock();

  JwtAuth auth(Path d) {
    return JwtAuth.builder().directory(d).clock(clock).hashIterations(10_000)
        .accessTokenTtl(Duration.ofMinutes(5)).refreshTokenTtl(Duration.ofHours(1)).build();
  }

  static void assertUnauthenticated(ThrowingCallable call, String detail) {
    assertThatThrownBy(call).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.detail()).isEqualTo(detail);
    });
  }

  @Test
  void anAccountsSecretBuysATokenThatInspectsAsTheAccount() throws Exception {
    JwtAuth auth = auth(dir);
    Account acc = auth.generate("orders", AccountOptions.service().withScopes("orders", "payments.call").withMetadata("team", "shop"));
    assertThat(acc.secret()).isPresent();

    Token t = auth.token(TokenOptions.credentials("orders", acc.secret().get()));
    assertThat(t.expiry()).isEqualTo(t.created().plus(Duration.ofMinutes(5)));

    Account seen = auth.inspect(t.accessToken());
    assertThat(seen.id()).isEqualTo("orders");
    assertThat(seen.type()).isEqualTo(Account.Type.SERVICE);
    assertThat(seen.issuer()).isEqualTo("micro");
    assertThat(seen.scopes()).containsExactly("orders", "payments.call");
    assertThat(seen.metadata()).containsEntry("team", "shop");
    assertThat(seen.secret()).isEmpty();

    SignedJWT jwt = SignedJWT.parse(t.accessToken());
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(auth.signingKeyId());
    assertThat(jwt.getJWTClaimsSet().getClaims()).containsKeys("sub", "iss", "exp", "type", "scopes", "metadata");
  }

  @Test
  void aWrongSecretOrUnknownAccountGetsNoToken() {
    JwtAuth auth = auth(dir);
    auth.generate("orders", AccountOptions.service());
    assertUnauthenticated(() -> auth.token(TokenOptions.credentials("orders", "not-the-secret-at-all")), "wrong account id or secret");
    assertUnauthenticated(() -> auth.token(TokenOptions.credentials("nobody", "not-the-secret-at-all")), "wrong account id or secret");
  }

  @Test
  void anAccountIdCanBeTakenOnlyOnce() {
    JwtAuth auth = auth(dir);
    auth.generate("orders", AccountOptions.service());
    assertThatThrownBy(() -> auth.generate("orders", AccountOptions.user()))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS));
  }

  @Test
  void aRefreshTokenBuysANewPairOnceAndIsNotAnAccessToken() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    Token first = auth.token(TokenOptions.credentials("orders", secret));
    assertUnauthenticated(() -> auth.inspect(first.refreshToken()), "a refresh token is not an access token");
    assertUnauthenticated(() -> auth.token(TokenOptions.refresh(first.accessToken())), "not a refresh token");

    clock.advance(Duration.ofMinutes(4));
    Token second = auth.token(TokenOptions.refresh(first.refreshToken()));
    assertThat(second.expiry()).isAfter(first.expiry());
    assertThat(auth.inspect(second.accessToken()).id()).isEqualTo("orders");
    assertUnauthenticated(() -> auth.token(TokenOptions.refresh(first.refreshToken())), "token revoked");
  }

  @Test
  void anAccessTokenExpiresAfterItsTtl() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    Token t = auth.token(TokenOptions.credentials("orders", secret).withExpiry(Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(29));
    assertThat(auth.inspect(t.accessToken()).id()).isEqualTo("orders");
    clock.advance(Duration.ofSeconds(1));
    assertUnauthenticated(() -> auth.inspect(t.accessToken()), "token expired");
  }

  @Test
  void aTokenAlreadyInspectedIsRefusedOnceRevokedOrItsKeyRemoved() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    Token revoked = auth.token(TokenOptions.credentials("orders", secret));
    assertThat(auth.inspect(revoked.accessToken()).id()).isEqualTo("orders");
    auth.revoke(revoked.accessToken());
    assertUnauthenticated(() -> auth.inspect(revoked.accessToken()), "token revoked");

    Token old = auth.token(TokenOptions.credentials("orders", secret));
    assertThat(auth.inspect(old.accessToken()).id()).isEqualTo("orders");
    String oldKey = kid(old.accessToken());
    clock.advance(Duration.ofSeconds(1));
    auth.rotateKeys();
    assertThat(auth.removeKey(oldKey)).isTrue();
    assertUnauthenticated(() -> auth.inspect(old.accessToken()), "token signed by an unknown key");
  }

  private static String kid(String token) {
    try {
      return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRevokedTokenIsRefused() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    Token t = auth.token(TokenOptions.credentials("orders", secret));
    auth.revoke(t.accessToken());
    auth.revoke(t.accessToken());
    assertUnauthenticated(() -> auth.inspect(t.accessToken()), "token revoked");
    auth.revoke(t.refreshToken());
    assertUnauthenticated(() -> auth.token(TokenOptions.refresh(t.refreshToken())), "token revoked");
  }

  @Test
  void aDeletedAccountCannotRefresh() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();
    Token t = auth.token(TokenOptions.credentials("orders", secret));
    assertThat(auth.delete("orders")).isTrue();
    assertUnauthenticated(() -> auth.token(TokenOptions.refresh(t.refreshToken())), "account no longer exists");
    assertUnauthenticated(() -> auth.token(TokenOptions.credentials("orders", secret)), "wrong account id or secret");
  }

  @Test
  void aTamperedTokenIsRefused() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("alice", AccountOptions.user().withScopes("user")).secret().orElseThrow();
    String[] parts = auth.token(TokenOptions.credentials("alice", secret)).accessToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"user\"]", "\"admin\"]");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertUnauthenticated(() -> auth.inspect(forged), "invalid token signature");
    assertUnauthenticated(() -> auth.inspect("not.a.jwt"), "malformed token");
    assertUnauthenticated(() -> auth.inspect(""), "malformed token");
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused(@TempDir Path otherDir) throws Exception {
    JwtAuth auth = auth(dir);
    JwtAuth other = auth(otherDir);
    String secret = other.generate("alice", AccountOptions.user()).secret().orElseThrow();
    Token foreign = other.token(TokenOptions.credentials("alice", secret));
    assertUnauthenticated(() -> auth.inspect(foreign.accessToken()), "token signed by an unknown key");

    // The same claims under this auth's key id, signed with the other key.
    SignedJWT jwt = SignedJWT.parse(foreign.accessToken());
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
        jwt.getHeader().toString().replace(other.signingKeyId(), auth.signingKeyId()).getBytes(StandardCharsets.UTF_8));
    String[] parts = foreign.accessToken().split("\\.");
    assertUnauthenticated(() -> auth.inspect(header + "." + parts[1] + "." + parts[2]), "invalid token signature");
  }

  @Test
  void anUnsignedTokenIsRefused() {
    JwtAuth auth = auth(dir);
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"alg\":\"none\",\"kid\":\"" + auth.signingKeyId() + "\"}").getBytes(StandardCharsets.UTF_8))
        + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"x\",\"iss\":\"micro\"}".getBytes(StandardCharsets.UTF_8)) + ".";
    assertThatThrownBy(() -> auth.inspect(none)).isInstanceOfSatisfying(MicroException.class,
        e -> assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void aTokenFromAnotherIssuerIsRefusedEvenWithTheSameKeys() {
    JwtAuth auth = auth(dir);
    String secret = auth.generate("alice", AccountOptions.user()).secret().orElseThrow();
    Token t = auth.token(TokenOptions.credentials("alice", secret));
    JwtAuth otherIssuer = JwtAuth.builder().directory(dir).clock(clock).issuer("elsewhere").build();
    assertUnauthenticated(() -> otherIssuer.inspect(t.accessToken()), "token from another issuer");
  }
}
