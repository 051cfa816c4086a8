package dev.micro.auth.jwt;

import dev.micro.auth.internal.DirLock;
import dev.micro.auth.internal.OwnerOnly;
import dev.micro.auth.internal.Pem;
import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The keys tokens are signed and verified with, each named by a key id ({@code kid}). New tokens
 * are signed with the newest key; every key in the set verifies, so rotating keeps issued tokens
 * valid. Keys kept in a directory are one {@code <kid>.pem} file each (private and public block,
 * 0600), with time-ordered ids so that the newest sorts last; a token with an unknown id makes the
 * set re-read the directory, which is how processes sharing it learn of a rotation.
 */
final class KeySet {
  /** A key: id, algorithm, private half (absent for verification-only keys), public half. */
  record Key(String kid, JWSAlgorithm alg, Optional<PrivateKey> privateKey, PublicKey publicKey) {
    @Override
    public String toString() {
      return "Key[" + kid + ", " + alg + "]";
    }
  }

  private static final String SUFFIX = ".pem";
  private static final long RELOAD_INTERVAL_NANOS = 1_000_000_000L;

  private final Path dir;
  private final Optional<Key> configured;
  private final List<Key> extra;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Map<String, Key> keys = Map.of();
  private volatile Key signing;
  private volatile FileTime lastModified;
  private volatile long lastReload = System.nanoTime() - RELOAD_INTERVAL_NANOS;

  /**
   * @param dir where generated keys live, created owner-only
   * @param configured a signing key from configuration, used instead of the directory's newest
   * @param extra verification-only keys from configuration
   */
  KeySet(Path dir, Optional<Key> configured, List<Key> extra, Clock clock) {
    this.dir = OwnerOnly.directory(dir);
    this.configured = configured;
    this.extra = List.copyOf(extra);
    this.clock = clock;
    lock.lock();
    try (DirLock ignored = DirLock.acquire(this.dir.resolve(".lock"))) {
      reload();
      if (signing == null) {
        generateLocked();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the keys in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** The key new tokens are signed with. */
  Key signing() {
    return signing;
  }

  /**
   * The key with this id. On a miss the directory is re-read if it changed since the last read,
   * and otherwise at most once a second, so that made-up key ids cannot keep it busy.
   */
  Optional<Key> find(String kid) {
    Key k = keys.get(kid);
    if (k != null || (!changed() && System.nanoTime() - lastReload < RELOAD_INTERVAL_NANOS)) {
      return Optional.ofNullable(k);
    }
    lock.lock();
    try {
      reload();
    } finally {
      lock.unlock();
    }
    return Optional.ofNullable(keys.get(kid));
  }

  /** The ids of every key, oldest first. */
  List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /**
   * Generates a key and signs with it from now on; older keys keep verifying. Returns its id.
   * With a configured signing key the new key is stored but the configured one still signs.
   */
  String rotate() {
    lock.lock();
    try (DirLock ignored = DirLock.acquire(dir.resolve(".lock"))) {
      return generateLocked();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rotate the keys in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a stored key, once no token it signed is still needed. Returns whether it existed. */
  boolean remove(String kid) {
    if (signing.kid().equals(kid)) {
      throw new IllegalArgumentException("key " + kid + " is the signing key (expected: an older key)");
    }
    lock.lock();
    try {
      boolean deleted = Files.deleteIfExists(file(kid));
      reload();
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete key " + kid, e);
    } finally {
      lock.unlock();
    }
  }

  private String generateLocked() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = g.generateKeyPair();
      String kid = String.format("%013d-%s", clock.millis(), HexFormat.of().formatHex(bytes(4)));
      String pem = Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
          + Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
      OwnerOnly.write(file(kid), pem.getBytes(StandardCharsets.US_ASCII));
      reload();
      return kid;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private boolean changed() {
    try {
      return !Files.getLastModifiedTime(dir).equals(lastModified);
    } catch (IOException e) {
      return false;
    }
  }

  private void reload() {
    try {
      lastModified = Files.getLastModifiedTime(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the keys in " + dir, e);
    }
    TreeMap<String, Key> found = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        String name = p.getFileName().toString();
        String kid = name.substring(0, name.length() - SUFFIX.length());
        found.put(kid, parse(kid, Files.readString(p, StandardCharsets.US_ASCII), p.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the keys in " + dir, e);
    }
    Key newest = found.isEmpty() ? null : found.lastEntry().getValue();
    Map<String, Key> all = new TreeMap<>(found);
    extra.forEach(k -> all.put(k.kid(), k));
    configured.ifPresent(k -> all.put(k.kid(), k));
    keys = java.util.Collections.unmodifiableMap(all);
    signing = configured.orElse(newest);
    lastReload = System.nanoTime();
  }

  private Path file(String kid) {
    return dir.resolve(kid + SUFFIX);
  }

  /**
   * A key from PEM text: a {@code PRIVATE KEY} block (PKCS#8) makes a signing key; EC keys also
   * need their {@code PUBLIC KEY} block. Without a private block it is a verification-only key.
   * Its id is derived from the public key, so every process loading it agrees.
   */
  static Key parse(String kid, String pem, String source) {
    Optional<PrivateKey> priv;
    Optional<PublicKey> pub;
    try {
      priv = Pem.privateKey(pem);
      pub = Pem.publicKey(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key " + source + ": " + e.getMessage());
    }
    if (pub.isEmpty()) {
      throw new IllegalArgumentException("key " + source + ": no PUBLIC KEY block (expected: PEM with a 'PUBLIC KEY' block,"
          + " and a PKCS#8 'PRIVATE KEY' block to sign; convert 'EC PRIVATE KEY' with openssl pkcs8 -topk8 -nocrypt)");
    }
    JWSAlgorithm alg = pub.get() instanceof ECPublicKey ec ? ecAlgorithm(ec, source) : JWSAlgorithm.RS256;
    return new Key(kid != null ? kid : thumbprint(pub.get()), alg, priv, pub.get());
  }

  private static JWSAlgorithm ecAlgorithm(ECPublicKey ec, String source) {
    int bits = ec.getParams().getCurve().getField().getFieldSize();
    return switch (bits) {
      case 256 -> JWSAlgorithm.ES256;
      case 384 -> JWSAlgorithm.ES384;
      case 521 -> JWSAlgorithm.ES512;
      default -> throw new IllegalArgumentException("key " + source + ": EC curve of " + bits + " bits (expected: P-256, P-384 or P-521)");
    };
  }

  private static String thumbprint(PublicKey k) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(k.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "KeySet[" + dir + ", signing=" + signing.kid() + ", keys=" + new ArrayList<>(keys.keySet()) + "]";
  }
}
