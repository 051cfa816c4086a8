package dev.micro.auth.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager presenting a service's current certificate, read afresh on every handshake, so a
 * renewed identity is used by the next connection. Each identity has its own alias (its serial
 * number), and the previous identity stays reachable by its alias, so a handshake that chose an
 * alias just before a renewal still gets a matching key and chain.
 *
 * <p>Safe for concurrent use.
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
  private final Supplier<ServiceIdentity> source;
  private final AtomicReference<Seen> seen = new AtomicReference<>();

  private record Seen(String alias, ServiceIdentity identity, Seen previous) {}

  /** A key manager for whatever identity {@code source} holds at each handshake. */
  public IdentityKeyManager(Supplier<ServiceIdentity> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A key manager for one fixed identity. */
  public static IdentityKeyManager of(ServiceIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return new IdentityKeyManager(() -> identity);
  }

  private String currentAlias() {
    ServiceIdentity id = source.get();
    Seen s = seen.get();
    if (s != null && s.identity == id) {
      return s.alias;
    }
    String alias = "micro-" + id.certificate().getSerialNumber().toString(16);
    // Keep one previous identity only: older aliases are long out of any handshake.
    seen.set(new Seen(alias, id, s == null ? null : new Seen(s.alias, s.identity, null)));
    return alias;
  }

  private ServiceIdentity byAlias(String alias) {
    for (Seen s = seen.get(); s != null; s = s.previous) {
      if (s.alias.equals(alias)) {
        return s.identity;
      }
    }
    return null;
  }

  private static boolean ec(String keyType) {
    return keyType == null || keyType.equals("EC") || keyType.equals("EC_EC");
  }

  private String choose(String[] keyTypes) {
    if (keyTypes == null) {
      return currentAlias();
    }
    for (String t : keyTypes) {
      if (ec(t)) {
        return currentAlias();
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return ec(keyType) ? new String[] {currentAlias()} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return ec(keyType) ? new String[] {currentAlias()} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return ec(keyType) ? currentAlias() : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return ec(keyType) ? currentAlias() : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    ServiceIdentity id = byAlias(alias);
    return id == null ? null : id.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    ServiceIdentity id = byAlias(alias);
    return id == null ? null : id.privateKey();
  }

  @Override
  public String toString() {
    return "IdentityKeyManager[" + source.get() + "]";
  }
}
