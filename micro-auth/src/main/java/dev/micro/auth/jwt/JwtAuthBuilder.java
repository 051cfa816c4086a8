package dev.micro.auth.jwt;

import dev.micro.auth.internal.OwnerOnly;
import dev.micro.local.MicroHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Configures a {@link JwtAuth}. Defaults: directory {@code $MICRO_HOME/auth}, issuer
 * {@code micro}, access tokens for 15 minutes, refresh tokens for 24 hours, a generated ES256 key,
 * 120,000 PBKDF2 iterations, the system clock.
 *
 * <pre>{@code
 * JwtAuth auth = JwtAuth.builder()
 *     .directory(Path.of("/var/lib/orders/auth"))
 *     .signingKeyFile(Path.of("/etc/micro/auth-key.pem"))   // PKCS#8 private + public key blocks
 *     .accessTokenTtl(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 */
public final class JwtAuthBuilder {
  Path directory;
  String issuer = "micro";
  Duration accessTtl = Duration.ofMinutes(15);
  Duration refreshTtl = Duration.ofHours(24);
  Clock clock = Clock.systemUTC();
  int hashIterations = 120_000;
  private String signingPem;
  private String signingSource;
  private final List<String> verificationPems = new ArrayList<>();

  JwtAuthBuilder() {}

  /** Where keys and accounts are kept; created owner-only (0700) if missing. */
  public JwtAuthBuilder directory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    return this;
  }

  /** The {@code iss} claim written and required (default {@code micro}). */
  public JwtAuthBuilder issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("issuer: '' (expected: non-blank)");
    }
    this.issuer = issuer;
    return this;
  }

  /** How long access tokens live unless a {@link dev.micro.auth.TokenOptions} asks otherwise. */
  public JwtAuthBuilder accessTokenTtl(Duration ttl) {
    this.accessTtl = positive("accessTokenTtl", ttl);
    return this;
  }

  /** How long refresh tokens live. */
  public JwtAuthBuilder refreshTokenTtl(Duration ttl) {
    this.refreshTtl = positive("refreshTokenTtl", ttl);
    return this;
  }

  /** The clock tokens are issued and checked by; tests pass a fixed or stepping one. */
  public JwtAuthBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** PBKDF2 iterations for newly stored secrets (default 120,000; at least 10,000). */
  public JwtAuthBuilder hashIterations(int iterations) {
    if (iterations < 10_000) {
      throw new IllegalArgumentException("hashIterations: " + iterations + " (expected: >= 10000)");
    }
    this.hashIterations = iterations;
    return this;
  }

  /**
   * The key to sign with instead of a generated one: PEM text with a PKCS#8 {@code PRIVATE KEY}
   * block (EC P-256 for ES256, or RSA for RS256) and, for EC, its {@code PUBLIC KEY} block. Its key
   * id is derived from the public key, so processes given the same key agree.
   */
  public JwtAuthBuilder signingKeyPem(String pem) {
    this.signingPem = Objects.requireNonNull(pem, "pem");
    this.signingSource = "signingKeyPem";
    return this;
  }

  /** Like {@link #signingKeyPem}, read from a file. */
  public JwtAuthBuilder signingKeyFile(Path file) {
    this.signingPem = read(file);
    this.signingSource = file.toString();
    return this;
  }

  /** Adds a public key ({@code PUBLIC KEY} PEM block) whose tokens are accepted but never signed here. */
  public JwtAuthBuilder verificationKeyPem(String pem) {
    verificationPems.add(Objects.requireNonNull(pem, "pem"));
    return this;
  }

  /**
   * Opens the directory, generating a key on first start, and returns the auth.
   *
   * @throws IllegalArgumentException for a configured key that cannot be read (the message never
   *     quotes key material)
   */
  public JwtAuth build() {
    if (directory == null) {
      directory = MicroHome.subdirectory("auth");
    }
    OwnerOnly.directory(directory);
    Optional<KeySet.Key> signing = Optional.empty();
    if (signingPem != null) {
      KeySet.Key k = KeySet.parse(null, signingPem, signingSource);
      if (k.privateKey().isEmpty()) {
        throw new IllegalArgumentException("key " + signingSource + ": no PKCS#8 PRIVATE KEY block (expected: a key to sign with)");
      }
      signing = Optional.of(k);
    }
    List<KeySet.Key> extra = new ArrayList<>();
    for (int i = 0; i < verificationPems.size(); i++) {
      KeySet.Key k = KeySet.parse(null, verificationPems.get(i), "verificationKeyPem #" + (i + 1));
      extra.add(new KeySet.Key(k.kid(), k.alg(), Optional.empty(), k.publicKey()));
    }
    return new JwtAuth(this, new KeySet(directory.resolve("keys"), signing, extra, clock));
  }

  private static String read(Path file) {
    try {
      return Files.readString(Objects.requireNonNull(file, "file"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
