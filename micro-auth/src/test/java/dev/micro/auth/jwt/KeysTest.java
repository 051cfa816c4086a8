package dev.micro.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.micro.MicroException;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.Token;
import dev.micro.auth.TokenOptions;
import dev.micro.auth.internal.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
  @TempDir Path home;
  final MutableClock clock = new MutableClock();

  JwtAuth auth(Path d) {
    return JwtAuth.builder().directory(d).clock(clock).hashIterations(10_000).build();
  }

  Token tokenFor(JwtAuth auth, String id) {
    String secret = auth.generate(id, AccountOptions.service()).secret().orElseThrow();
    return auth.token(TokenOptions.credentials(id, secret));
  }

  @Test
  void keysAndAccountsAreReadableByTheOwnerOnly() throws Exception {
    Path dir = home.resolve("auth");
    JwtAuth auth = auth(dir);
    String secret = auth.generate("orders", AccountOptions.service()).secret().orElseThrow();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys")))).isEqualTo("rwx------");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("accounts.json", auth.signingKeyId() + ".pem");
    for (Path f : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readString(dir.resolve("accounts.json"))).contains("\"hash\"").doesNotContain(secret);
  }

  @Test
  void anExistingLooseDirectoryIsNarrowedToItsOwner() throws Exception {
    Path dir = Files.createDirectory(home.resolve("auth"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    auth(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }

  @Test
  void aRestartKeepsKeysAndAccounts() {
    Token t = tokenFor(auth(home), "orders");
    JwtAuth again = auth(home);
    assertThat(again.inspect(t.accessToken()).id()).isEqualTo("orders");
    assertThat(again.keyIds()).hasSize(1);
  }

  @Test
  void rotationSignsWithTheNewKeyAndOldTokensStillVerify() throws Exception {
    JwtAuth auth = auth(home);
    JwtAuth peer = auth(home);
    String oldKid = auth.signingKeyId();
    Token before = tokenFor(auth, "orders");

    clock.advance(Duration.ofMillis(5));
    String newKid = auth.rotateKeys();
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(auth.signingKeyId()).isEqualTo(newKid);
    assertThat(auth.keyIds()).containsExactly(oldKid, newKid);

    String secret = auth.generate("billing", AccountOptions.service()).secret().orElseThrow();
    Token after = auth.token(TokenOptions.credentials("billing", secret));
    assertThat(SignedJWT.parse(after.accessToken()).getHeader().getKeyID()).isEqualTo(newKid);
    assertThat(auth.inspect(before.accessToken()).id()).isEqualTo("orders");
    assertThat(auth.inspect(after.accessToken()).id()).isEqualTo("billing");
    // A process sharing the directory learns of the new key from the first token it signed.
    assertThat(peer.inspect(after.accessToken()).id()).isEqualTo("billing");
    assertThat(peer.signingKeyId()).isEqualTo(newKid);

    assertThat(auth.removeKey(oldKid)).isTrue();
    assertThatThrownBy(() -> auth.inspect(before.accessToken())).isInstanceOf(MicroException.class)
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> auth.removeKey(newKid)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConfiguredEcKeySignsAndItsPublicHalfVerifiesElsewhere(@TempDir Path elsewhere) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    String privatePem = Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()) + Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
    String publicPem = Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());

    JwtAuth signer = JwtAuth.builder().directory(home).clock(clock).signingKeyPem(privatePem).build();
    Token t = tokenFor(signer, "orders");
    assertThat(SignedJWT.parse(t.accessToken()).getHeader().getKeyID()).isEqualTo(signer.signingKeyId());
    try (Stream<Path> s = Files.list(home.resolve("keys"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".pem"))).isEmpty();
    }

    JwtAuth verifier = JwtAuth.builder().directory(elsewhere).clock(clock).verificationKeyPem(publicPem).build();
    assertThat(verifier.inspect(t.accessToken()).id()).isEqualTo("orders");
  }

  @Test
  void aConfiguredRsaKeySignsRs256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    Path file = home.resolve("rsa.pem");
    Files.writeString(file, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
    JwtAuth auth = JwtAuth.builder().directory(home.resolve("auth")).clock(clock).signingKeyFile(file).build();
    Token t = tokenFor(auth, "orders");
    assertThat(SignedJWT.parse(t.accessToken()).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(auth.inspect(t.accessToken()).id()).isEqualTo("orders");
  }

  @Test
  void aBadConfiguredKeyFailsWithoutQuotingIt() {
    String sec1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBadBadBadBadBadBadBadBadBadBadBadBadBadBad\n-----END EC PRIVATE KEY-----\n";
    assertThatThrownBy(() -> JwtAuth.builder().directory(home).signingKeyPem(sec1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pkcs8")
        .hasMessageNotContaining("MHcCAQEEIB");
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    JwtAuth auth = auth(home);
    String pem = Files.readString(home.resolve("keys").resolve(auth.signingKeyId() + ".pem"));
    String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(auth.toString()).doesNotContain(body).contains(auth.signingKeyId());
  }
}
