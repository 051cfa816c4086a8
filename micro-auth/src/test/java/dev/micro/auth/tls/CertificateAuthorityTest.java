package dev.micro.auth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.transport.PeerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void theCaIsGeneratedOnFirstUseInOwnerOnlyFiles() throws Exception {
    Path caDir = dir.resolve("auth").resolve("ca");
    CertificateAuthority.open(caDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir))).isEqualTo("rwx------");
    for (String f : List.of(CertificateAuthority.KEY_FILE, CertificateAuthority.CERT_FILE)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve(f)))).as(f).isEqualTo("rw-------");
    }
    assertThat(Files.readString(caDir.resolve(CertificateAuthority.KEY_FILE))).contains("BEGIN PRIVATE KEY");
  }

  @Test
  void theEmbeddedCaLivesUnderTheMicroHome() {
    String before = System.getProperty("micro.home");
    System.setProperty("micro.home", dir.toString());
    try {
      CertificateAuthority ca = CertificateAuthority.embedded();
      assertThat(dir.resolve("auth/ca/ca.pem")).exists();
      assertThat(CertificateAuthority.embedded().certificate()).isEqualTo(ca.certificate());
    } finally {
      if (before == null) {
        System.clearProperty("micro.home");
      } else {
        System.setProperty("micro.home", before);
      }
    }
  }

  @Test
  void reopeningTheDirectoryLoadsTheSameCa() {
    CertificateAuthority first = CertificateAuthority.open(dir);
    CertificateAuthority second = CertificateAuthority.open(dir);

    assertThat(second.certificate()).isEqualTo(first.certificate());
    second.trustManager();
    assertThat(trusted(first.trustManager(), second.issue("orders"))).isTrue();
  }

  @Test
  void anIssuedCertificateNamesTheServiceAndLoopbackForServersAndClients() throws Exception {
    CertificateAuthority ca = CertificateAuthority.open(dir);
    ServiceIdentity id = ca.issue("orders");
    X509Certificate leaf = id.certificate();

    assertThat(PeerService.of(leaf)).contains("orders");
    assertThat(leaf.getSubjectAlternativeNames()).contains(
        List.of(6, "micro://service/orders"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(id.lifetime()).isBetween(Duration.ofHours(24), Duration.ofHours(24).plusSeconds(2));
    assertThat(id.chain()).containsExactly(leaf, ca.certificate());
    leaf.verify(ca.certificate().getPublicKey());
    ca.trustManager().checkServerTrusted(id.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
    ca.trustManager().checkClientTrusted(id.chain().toArray(X509Certificate[]::new), "EC");
  }

  @Test
  void extraHostsAreAddedAsDnsNamesAndIpAddresses() throws Exception {
    ServiceIdentity id = CertificateAuthority.open(dir).issue("orders", Duration.ofHours(1), List.of("orders.internal", "10.0.0.7"));

    assertThat(id.certificate().getSubjectAlternativeNames()).contains(List.of(2, "orders.internal"), List.of(7, "10.0.0.7"));
  }

  @Test
  void certificatesOfAnotherCaAreNotTrusted() {
    CertificateAuthority ours = CertificateAuthority.open(dir.resolve("ours"));
    CertificateAuthority theirs = CertificateAuthority.open(dir.resolve("theirs"));

    assertThat(trusted(ours.trustManager(), theirs.issue("orders"))).isFalse();
  }

  @Test
  void expiredCertificatesAreNotTrusted() {
    CertificateAuthority ca = CertificateAuthority.open(dir);
    Clock lastWeek = Clock.fixed(Instant.now().minus(Duration.ofDays(7)), ZoneOffset.UTC);

    ServiceIdentity old = ca.withClock(lastWeek).issue("orders", Duration.ofHours(1));

    assertThat(old.notAfter()).isBefore(Instant.now());
    assertThat(trusted(ca.trustManager(), old)).isFalse();
  }

  @Test
  void aCaLoadedFromPemIssuesCertificatesTheOriginalTrusts() throws Exception {
    CertificateAuthority original = CertificateAuthority.open(dir);
    CertificateAuthority loaded = CertificateAuthority.fromPemFiles(dir.resolve("ca-key.pem"), dir.resolve("ca.pem"));

    assertThat(trusted(original.trustManager(), loaded.issue("orders"))).isTrue();
    assertThatThrownBy(() -> CertificateAuthority.fromPem("nothing", Files.readString(dir.resolve("ca.pem"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("CA key: no PRIVATE KEY block");
  }

  @Test
  void badServiceNamesAndValiditiesAreRefused() {
    CertificateAuthority ca = CertificateAuthority.open(dir);

    assertThatThrownBy(() -> ca.issue("a/b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/b'");
    assertThatThrownBy(() -> ca.issue("orders", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validity: PT0S (expected: > 0)");
  }

  @Test
  void privateKeysNeverAppearInStrings() throws Exception {
    CertificateAuthority ca = CertificateAuthority.open(dir);
    ServiceIdentity id = ca.issue("orders");
    String key = Base64.getEncoder().encodeToString(id.privateKey().getEncoded());
    String caKeyPem = Files.readString(dir.resolve("ca-key.pem"));
    String caKey = caKeyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

    for (Object o : List.of(ca, id, IdentityKeyManager.of(id))) {
      assertThat(o.toString()).doesNotContain(key.substring(0, 40)).doesNotContain(caKey.substring(0, 40)).doesNotContainIgnoringCase("private");
    }
    assertThat(id.toString()).contains("orders");
  }

  @Test
  void aWrittenIdentityIsReadableByItsOwnerOnly() throws Exception {
    ServiceIdentity id = CertificateAuthority.open(dir).issue("orders");

    id.writePem(dir.resolve("orders.pem"), dir.resolve("orders-key.pem"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("orders.pem")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("orders-key.pem")))).isEqualTo("rw-------");
    String chain = Files.readString(dir.resolve("orders.pem"));
    assertThat(chain.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(id.chain().size() + 1);
    assertThat(Files.readString(dir.resolve("orders-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  static boolean trusted(javax.net.ssl.X509TrustManager tm, ServiceIdentity id) {
    try {
      tm.checkClientTrusted(id.chain().toArray(X509Certificate[]::new), "EC");
      return true;
    } catch (CertificateException e) {
      return false;
    }
  }
}
