package dev.micro.grpc.internal;

import dev.micro.transport.PeerService;
import dev.micro.transport.TlsConfig;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Netty TLS contexts from a {@link TlsConfig}, and the peer's service identity of a call. */
public final class GrpcTls {
  // Cached on the TLS session: every call of a connection has the same peer.
  private static final String SESSION_KEY = "micro.peer-service";

  private GrpcTls() {}

  /** A server context presenting the config's certificate and requiring a trusted client certificate. */
  public static SslContext server(TlsConfig tls) {
    var km = tls.keyManager().orElseThrow(() -> new IllegalArgumentException(
        "tls: " + tls + " (expected: a key manager with the server's certificate)"));
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(km))
          .trustManager(tls.trustManager())
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the server TLS context: " + e.getMessage(), e);
    }
  }

  /** A client context checking the server against the config's trust and presenting its certificate, if any. */
  public static SslContext client(TlsConfig tls) {
    SslContextBuilder b = GrpcSslContexts.forClient().trustManager(tls.trustManager());
    tls.keyManager().ifPresent(b::keyManager);
    try {
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the client TLS context: " + e.getMessage(), e);
    }
  }

  /** The service named by the verified client certificate of {@code call}, if it came over TLS with one. */
  public static Optional<String> peerService(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    if (session.getValue(SESSION_KEY) instanceof String cached) {
      return cached.isEmpty() ? Optional.empty() : Optional.of(cached);
    }
    Optional<String> name;
    try {
      Certificate[] chain = session.getPeerCertificates();
      name = chain.length > 0 && chain[0] instanceof X509Certificate leaf ? PeerService.of(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      name = Optional.empty();
    }
    try {
      session.putValue(SESSION_KEY, name.orElse(""));
    } catch (UnsupportedOperationException e) {
      // Some session types hold no values; the name is then read again for the next call.
    }
    return name;
  }
}
