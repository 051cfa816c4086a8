package dev.micro.auth.tls;

import dev.micro.auth.internal.DirLock;
import dev.micro.auth.internal.OwnerOnly;
import dev.micro.auth.internal.Pem;
import dev.micro.auth.internal.X509;
import dev.micro.local.MicroHome;
import dev.micro.transport.PeerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A certificate authority that issues short-lived service certificates for mutual TLS.
 *
 * <p>The embedded CA lives under {@code $MICRO_HOME/auth/ca/}: an EC P-256 key ({@code ca-key.pem})
 * and a self-signed certificate valid for ten years ({@code ca.pem}), made on first use, in an
 * owner-only (0700) directory as owner-only (0600) files, so processes of one user on one host
 * share it. An existing CA can be loaded from PEM instead.
 *
 * <p>{@link #issue} makes a leaf certificate, valid 24 hours by default, with a new EC P-256 key,
 * usable for both server and client authentication, naming the service in a SAN URI
 * {@code micro://service/<name>} and, so that loopback host name checks pass, DNS {@code localhost}
 * and IP {@code 127.0.0.1}.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.embedded();
 * try (CertificateRenewer identity = CertificateRenewer.start(ca, "orders")) {
 *   Micro.service("orders").tls(identity.tlsConfig()).handle(new Orders()).start();
 * }
 * }</pre>
 *
 * <p>Immutable and safe for concurrent use. The CA key never appears in {@link #toString()} or in
 * error messages.
 */
public final class CertificateAuthority {
  /** How long issued certificates live unless asked otherwise. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);
  static final String KEY_FILE = "ca-key.pem";
  static final String CERT_FILE = "ca.pem";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  // Tolerates clocks that run a little behind the issuer's.
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /** The embedded CA under {@code $MICRO_HOME/auth/ca/}, created on first use. */
  public static CertificateAuthority embedded() {
    return open(MicroHome.subdirectory("auth").resolve("ca"));
  }

  /**
   * The CA kept in {@code directory}: loaded if its files exist, else generated and written
   * there (owner-only). Processes opening the same directory at once agree on one CA.
   */
  public static CertificateAuthority open(Path directory) {
    Path dir = OwnerOnly.directory(Objects.requireNonNull(directory, "directory").toAbsolutePath());
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    try (DirLock lock = DirLock.acquire(dir.resolve(".lock"))) {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        return fromPemFiles(keyFile, certFile);
      }
      Instant now = Instant.now();
      KeyPair pair = X509.newKeyPair();
      X509Certificate cert = X509.selfSignedCa("Micro CA", pair, now.minus(BACKDATE), now.plus(CA_VALIDITY));
      OwnerOnly.write(keyFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
      OwnerOnly.write(certFile, Pem.encode("CERTIFICATE", cert.getEncoded()).getBytes(StandardCharsets.US_ASCII));
      return new CertificateAuthority(cert, pair.getPrivate(), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the certificate authority in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }

  /** A CA from PEM files: a PKCS#8 {@code PRIVATE KEY} and its {@code CERTIFICATE}. */
  public static CertificateAuthority fromPemFiles(Path keyFile, Path certFile) {
    try {
      return fromPem(Files.readString(keyFile, StandardCharsets.US_ASCII), Files.readString(certFile, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CA files " + keyFile + " and " + certFile, e);
    }
  }

  /** A CA from PEM text: a PKCS#8 {@code PRIVATE KEY} and its {@code CERTIFICATE}. */
  public static CertificateAuthority fromPem(String keyPem, String certPem) {
    Objects.requireNonNull(keyPem, "keyPem");
    Objects.requireNonNull(certPem, "certPem");
    PrivateKey key = Pem.privateKey(keyPem).orElseThrow(() -> new IllegalArgumentException("CA key: no PRIVATE KEY block"));
    List<X509Certificate> certs = X509.parse(Pem.blocks(certPem, "CERTIFICATE"));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("CA certificate: no CERTIFICATE block");
    }
    X509Certificate cert = certs.get(0);
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("CA certificate " + cert.getSubjectX500Principal().getName() + " is not a CA certificate");
    }
    return new CertificateAuthority(cert, key, Clock.systemUTC());
  }

  /** A copy issuing certificates by {@code clock}; tests use one set in the past to make expired ones. */
  public CertificateAuthority withClock(Clock clock) {
    return new CertificateAuthority(certificate, key, Objects.requireNonNull(clock, "clock"));
  }

  /** The CA certificate, the root that peers trust. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Issues a certificate for {@code serviceName} valid for {@link #DEFAULT_VALIDITY}. */
  public ServiceIdentity issue(String serviceName) {
    return issue(serviceName, DEFAULT_VALIDITY);
  }

  /** Issues a certificate for {@code serviceName} valid for {@code validity}. */
  public ServiceIdentity issue(String serviceName, Duration validity) {
    return issue(serviceName, validity, List.of());
  }

  /**
   * Issues a certificate for {@code serviceName} valid for {@code validity}, naming {@code hosts}
   * (DNS names or IP literals) besides {@code localhost} and {@code 127.0.0.1}, for clients that
   * reach the service by those names.
   */
  public ServiceIdentity issue(String serviceName, Duration validity, Collection<String> hosts) {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(validity, "validity");
    if (serviceName.isBlank() || serviceName.contains("/") || serviceName.contains(" ")) {
      throw new IllegalArgumentException("service name: '" + serviceName + "' (expected: a non-empty name without '/' or spaces)");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
    }
    List<String> dns = new ArrayList<>(List.of("localhost"));
    List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
    for (String h : hosts) {
      List<String> to = h.matches("[0-9.]+") || h.contains(":") ? ips : dns;
      if (!to.contains(h)) {
        to.add(h);
      }
    }
    Instant now = clock.instant();
    KeyPair pair = X509.newKeyPair();
    X509Certificate leaf = X509.leaf(certificate, key, serviceName, pair.getPublic(), now.minusSeconds(1), now.plus(validity),
        List.of(PeerService.uri(serviceName)), dns, ips);
    return new ServiceIdentity(serviceName, List.of(leaf, certificate), pair.getPrivate());
  }

  /** A trust manager accepting certificates this CA issued (checked for validity now). */
  public X509TrustManager trustManager() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("micro-ca", certificate);
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(ks);
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the PKIX trust manager factory made no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a trust manager for the CA", e);
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", notAfter="
        + certificate.getNotAfter().toInstant() + "]";
  }
}
