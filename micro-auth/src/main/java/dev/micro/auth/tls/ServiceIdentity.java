package dev.micro.auth.tls;

import dev.micro.auth.internal.OwnerOnly;
import dev.micro.auth.internal.Pem;
import dev.micro.transport.PeerService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A service's certificate and private key: the leaf certificate naming the service in a SAN URI
 * {@code micro://service/<name>}, the chain up to (and including) the CA, and the leaf's key.
 *
 * <p>Immutable. The private key never appears in {@link #toString()}.
 *
 * @param name the service the certificate names
 * @param chain the leaf certificate first, then its issuers
 * @param privateKey the leaf's private key
 */
public record ServiceIdentity(String name, List<X509Certificate> chain, PrivateKey privateKey) {
  public ServiceIdentity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: the leaf certificate first)");
    }
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** When the certificate starts being valid. */
  public Instant notBefore() {
    return certificate().getNotBefore().toInstant();
  }

  /** When the certificate stops being valid. */
  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  /** How long the certificate is valid in all. */
  public Duration lifetime() {
    return Duration.between(notBefore(), notAfter());
  }

  /** When to renew: two thirds into the certificate's lifetime. */
  public Instant renewAt() {
    return notBefore().plus(lifetime().multipliedBy(2).dividedBy(3));
  }

  /** The SAN URI of the service, {@code micro://service/<name>}. */
  public String uri() {
    return PeerService.uri(name);
  }

  /**
   * Writes the chain ({@code CERTIFICATE} blocks) and the key (a PKCS#8 {@code PRIVATE KEY} block)
   * as PEM, each file readable by its owner only (0600), for tools that take PEM files.
   */
  public void writePem(Path chainFile, Path keyFile) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate c : chain) {
      try {
        pem.append(Pem.encode("CERTIFICATE", c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode the certificate of " + name, e);
      }
    }
    OwnerOnly.write(chainFile, pem.toString().getBytes(StandardCharsets.US_ASCII));
    OwnerOnly.write(keyFile, Pem.encode("PRIVATE KEY", privateKey.getEncoded()).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    X509Certificate c = certificate();
    return "ServiceIdentity[name=" + name + ", serial=" + c.getSerialNumber().toString(16) + ", notBefore=" + notBefore()
        + ", notAfter=" + notAfter() + ", issuer=" + c.getIssuerX500Principal().getName() + "]";
  }
}
