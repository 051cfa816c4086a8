package dev.micro.transport;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS material for a transport, as plain JDK objects so that the core needs no TLS library: the
 * key manager that presents this side's certificate, and the trust manager that checks the peer's.
 *
 * <p>A server with a {@code TlsConfig} requires a client certificate the trust manager accepts
 * (mutual TLS). A client presents its key manager's certificate, if it has one. A key manager is
 * consulted on every handshake, so one that reads a renewing identity (as
 * {@code CertificateRenewer.keyManager()} in micro-auth does) makes new connections use the new
 * certificate while open ones keep theirs.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.of(renewer.keyManager(), ca.trustManager());
 * Micro.service("orders").tls(tls).handle(new Orders()).start();
 * }</pre>
 *
 * <p>Trust managers should be {@link javax.net.ssl.X509ExtendedTrustManager}s (those a
 * {@link javax.net.ssl.TrustManagerFactory} makes are), so that host names can be checked.
 * Immutable; the managers must be safe for concurrent use. {@link #toString()} names no key.
 */
public final class TlsConfig {
  private final X509KeyManager keyManager;
  private final X509TrustManager trustManager;

  private TlsConfig(X509KeyManager keyManager, X509TrustManager trustManager) {
    this.keyManager = keyManager;
    this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
  }

  /** A configuration presenting {@code keyManager}'s certificate and trusting {@code trustManager}'s. */
  public static TlsConfig of(X509KeyManager keyManager, X509TrustManager trustManager) {
    return new TlsConfig(Objects.requireNonNull(keyManager, "keyManager"), trustManager);
  }

  /** A client configuration that checks the server but presents no certificate of its own. */
  public static TlsConfig trustOnly(X509TrustManager trustManager) {
    return new TlsConfig(null, trustManager);
  }

  /** What presents this side's certificate; empty for a client without one. */
  public Optional<X509KeyManager> keyManager() {
    return Optional.ofNullable(keyManager);
  }

  /** What checks the peer's certificate chain. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  @Override
  public String toString() {
    return "TlsConfig[" + (keyManager == null ? "no certificate" : "with certificate") + "]";
  }
}
