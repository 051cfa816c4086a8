package dev.micro.transport;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The service identity a peer proved with its TLS certificate: the name in a subject alternative
 * name URI {@code micro://service/<name>}.
 *
 * <p>A server transport with TLS puts the calling service's name into the call's metadata under
 * {@link #METADATA_KEY} ({@code Micro-Peer-Service}), after removing any header of that name the
 * caller sent, so server interceptors and handlers can trust it:
 *
 * <pre>{@code
 * String caller = call.metadata().get(PeerService.METADATA_KEY).orElse("");   // in an interceptor
 * }</pre>
 *
 * <p>Without TLS, or when the peer's certificate names no service, the key is absent.
 */
public final class PeerService {
  /** The reserved metadata key carrying the verified caller's service name. */
  public static final String METADATA_KEY = "Micro-Peer-Service";
  /** The URI prefix of a service identity in a certificate. */
  public static final String URI_PREFIX = "micro://service/";

  private static final int URI_NAME = 6;

  private PeerService() {}

  /** The SAN URI naming {@code service}: {@code micro://service/<service>}. */
  public static String uri(String service) {
    Objects.requireNonNull(service, "service");
    return URI_PREFIX + service;
  }

  /** The service named by {@code certificate}'s first {@code micro://service/} SAN URI, if any. */
  public static Optional<String> of(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    for (List<?> n : names) {
      if (n.size() >= 2 && Integer.valueOf(URI_NAME).equals(n.get(0)) && n.get(1) instanceof String s
          && s.startsWith(URI_PREFIX) && s.length() > URI_PREFIX.length()) {
        return Optional.of(s.substring(URI_PREFIX.length()));
      }
    }
    return Optional.empty();
  }
}
