package dev.micro.auth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRenewerTest {
  @TempDir Path dir;

  @Test
  void theIdentityIsRenewedTwoThirdsIntoItsLifetimeAndListenersAreTold() {
    CertificateAuthority ca = CertificateAuthority.open(dir);
    List<ServiceIdentity> renewed = new CopyOnWriteArrayList<>();
    try (CertificateRenewer r = CertificateRenewer.start(ca, "orders", Duration.ofSeconds(3))) {
      ServiceIdentity first = r.current();
      r.onRenew(renewed::add);

      await().between(Duration.ofMillis(1500), Duration.ofSeconds(6)).until(() -> !renewed.isEmpty());

      assertThat(r.current()).isSameAs(renewed.get(0)).isNotEqualTo(first);
      assertThat(r.current().certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
      assertThat(r.current().name()).isEqualTo("orders");
    }
  }

  @Test
  void theKeyManagerPresentsTheCurrentIdentityAndStillServesThePreviousAlias() {
    CertificateAuthority ca = CertificateAuthority.open(dir);
    try (CertificateRenewer r = CertificateRenewer.start(ca, "orders")) {
      X509KeyManager km = r.keyManager();
      String before = km.chooseServerAlias("EC", null, null);
      assertThat(km.getCertificateChain(before)[0]).isEqualTo(r.current().certificate());

      ServiceIdentity next = r.renew();
      String after = km.chooseServerAlias("EC", null, null);

      assertThat(after).isNotEqualTo(before);
      assertThat(km.getCertificateChain(after)[0]).isEqualTo(next.certificate());
      assertThat(km.getPrivateKey(after)).isEqualTo(next.privateKey());
      assertThat(km.getCertificateChain(before)).isNotNull();
      assertThat(km.chooseServerAlias("RSA", null, null)).isNull();
      assertThat(r.tlsConfig().keyManager()).contains(km);
    }
  }
}
