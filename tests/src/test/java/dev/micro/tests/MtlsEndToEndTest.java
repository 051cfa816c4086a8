package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.CallContext;
import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Service;
import dev.micro.Status;
import dev.micro.auth.tls.CertificateAuthority;
import dev.micro.auth.tls.CertificateRenewer;
import dev.micro.auth.tls.IdentityKeyManager;
import dev.micro.auth.tls.ServiceIdentity;
import dev.micro.transport.PeerService;
import dev.micro.transport.TlsConfig;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service serving mutual TLS on gRPC, called over real sockets with and without good certificates. */
class MtlsEndToEndTest {
  /** Endpoints {@code Vault.*}; answers with the caller's service identity. */
  public static class Vault {
    final AtomicInteger calls = new AtomicInteger();

    public record Ask(String what) {}

    public record Answer(String peer) {}

    public Answer open(Ask a) {
      calls.incrementAndGet();
      return new Answer(CallContext.currentMetadata().get(PeerService.METADATA_KEY).orElse("none"));
    }
  }

  @TempDir Path registryDir;
  @TempDir Path caDir;
  @TempDir Path otherCaDir;
  final Vault vault = new Vault();
  final AtomicReference<String> seenByInterceptor = new AtomicReference<>();
  final List<AutoCloseable> closing = new ArrayList<>();
  CertificateAuthority ca;
  CertificateRenewer vaultIdentity;
  Service service;

  @BeforeEach
  void start() {
    ca = CertificateAuthority.open(caDir);
    vaultIdentity = CertificateRenewer.start(ca, "vault");
    service = Micro.service("vault").registry(Fixtures.registryUrl(registryDir)).tls(vaultIdentity.tlsConfig()).handle(vault)
        .interceptor((call, next) -> {
          seenByInterceptor.set(call.metadata().get(PeerService.METADATA_KEY).orElse("none"));
          return next.proceed();
        })
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    service.stop();
    vaultIdentity.close();
  }

  Client client(TlsConfig tls) {
    var b = Micro.client().registry(Fixtures.registryUrl(registryDir)).localCalls(false).maxAttempts(1).timeout(Duration.ofSeconds(5));
    Client c = tls == null ? b.build() : b.tls(tls).build();
    closing.add(c);
    return c;
  }

  static TlsConfig tls(ServiceIdentity id, CertificateAuthority trusted) {
    return TlsConfig.of(IdentityKeyManager.of(id), trusted.trustManager());
  }

  static Vault.Answer open(Client c, CallOptions options) {
    return c.call("vault", "Vault.Open", new Vault.Ask("gold"), Vault.Answer.class, options);
  }

  void assertRefusedBeforeTheHandler(Client c, CallOptions options) {
    assertThatThrownBy(() -> open(c, options))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(vault.calls.get()).as("handler invocations").isZero();
    assertThat(seenByInterceptor.get()).as("interceptor").isNull();
  }

  @Test
  void aClientWithACertificateFromTheSameCaIsServedAndSeenAsItsService() {
    Client orders = client(tls(ca.issue("orders"), ca));

    assertThat(open(orders, CallOptions.DEFAULT).peer()).isEqualTo("orders");
    assertThat(seenByInterceptor.get()).isEqualTo("orders");
    assertThat(service.node().meta("secure", "")).isEqualTo("true");
  }

  @Test
  void aCallerCannotClaimAnotherIdentityWithAHeader() {
    Client orders = client(tls(ca.issue("orders"), ca));

    Vault.Answer a = open(orders, CallOptions.DEFAULT.withMetadata(PeerService.METADATA_KEY, "admin"));

    assertThat(a.peer()).isEqualTo("orders");
  }

  @Test
  void aClientWithoutACertificateCannotConnect() {
    assertRefusedBeforeTheHandler(client(TlsConfig.trustOnly(ca.trustManager())), CallOptions.DEFAULT);
  }

  @Test
  void aClientWithACertificateFromAnotherCaCannotConnect() {
    CertificateAuthority other = CertificateAuthority.open(otherCaDir);

    assertRefusedBeforeTheHandler(client(tls(other.issue("orders"), ca)), CallOptions.DEFAULT);
  }

  @Test
  void aClientWithAnExpiredCertificateCannotConnect() {
    ServiceIdentity expired = ca.withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC)).issue("orders");

    assertThat(expired.notAfter()).isBefore(Instant.now());
    assertRefusedBeforeTheHandler(client(tls(expired, ca)), CallOptions.DEFAULT);
  }

  @Test
  void aPlaintextClientCannotCallATlsService() {
    Client plain = client(null);

    assertRefusedBeforeTheHandler(plain, CallOptions.DEFAULT);
    // Even when told the address directly, so that it speaks plaintext to the TLS port.
    assertRefusedBeforeTheHandler(plain, CallOptions.DEFAULT.withAddress(service.address()));
  }

  @Test
  void aClientDoesNotTrustAServerFromAnotherCa() {
    CertificateAuthority other = CertificateAuthority.open(otherCaDir);

    assertRefusedBeforeTheHandler(client(tls(other.issue("orders"), other)), CallOptions.DEFAULT);
  }

  @Test
  void aRenewedCertificateServesNewConnections() {
    List<BigInteger> served = new CopyOnWriteArrayList<>();
    TlsConfig recording = TlsConfig.of(IdentityKeyManager.of(ca.issue("orders")), recording(ca.trustManager(), served));

    open(client(recording), CallOptions.DEFAULT);
    ServiceIdentity renewed = vaultIdentity.renew();
    open(client(recording), CallOptions.DEFAULT);

    assertThat(served).hasSize(2);
    assertThat(served.get(1)).isEqualTo(renewed.certificate().getSerialNumber()).isNotEqualTo(served.get(0));
  }

  @Test
  void aTlsServiceCallingInProcessIsSeenAsItselfAndNoHeaderChangesThat() throws Exception {
    try (CertificateRenewer frontIdentity = CertificateRenewer.start(ca, "front");
        Service front = Micro.service("front").registry(Fixtures.registryUrl(registryDir)).tls(frontIdentity.tlsConfig())
            .handle(new Object() {
              @SuppressWarnings("unused")
              public String ping(String s) {
                return s;
              }
            }).start()) {
      Vault.Answer a = open(front.client(), CallOptions.DEFAULT.withMetadata(PeerService.METADATA_KEY, "admin"));

      assertThat(a.peer()).isEqualTo("front");
    }
  }

  @Test
  void aServiceRefusesTlsOnATransportWithoutIt() {
    assertThatThrownBy(() -> Micro.service("plain").registry(Fixtures.registryUrl(registryDir)).transport("http")
        .tls(vaultIdentity.tlsConfig()).handle(vault).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not support TLS");
  }

  /** A trust manager that records the serial number of each server certificate it accepts. */
  static X509TrustManager recording(X509TrustManager trust, List<BigInteger> serials) {
    X509ExtendedTrustManager delegate = (X509ExtendedTrustManager) trust;
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        serials.add(chain[0].getSerialNumber());
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        serials.add(chain[0].getSerialNumber());
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        serials.add(chain[0].getSerialNumber());
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
      }
    };
  }
}
