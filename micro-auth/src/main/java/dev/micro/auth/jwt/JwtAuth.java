package dev.micro.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.auth.Account;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.Auth;
import dev.micro.auth.Token;
import dev.micro.auth.TokenOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Auth} with JSON Web Tokens signed ES256 (or RS256 with a configured RSA key), holding
 * its state in a directory, by default {@code $MICRO_HOME/auth}:
 *
 * <ul>
 *   <li>{@code keys/<kid>.pem}: signing keys, generated on first start (0600 files in 0700
 *       directories). {@link #rotateKeys()} adds a key that signs from then on; tokens of older keys
 *       keep verifying until they expire, through the {@code kid} header. A signing key can come from
 *       configuration instead ({@link JwtAuthBuilder#signingKeyPem}).
 *   <li>{@code accounts.json}: accounts, with secrets as salted PBKDF2-HMAC-SHA256 hashes.
 * </ul>
 *
 * <p>Tokens carry go-micro's claims ({@code sub}, {@code iss}, {@code exp}, {@code type},
 * {@code scopes}, {@code metadata}) plus {@code iat}, {@code jti}, and {@code use=refresh} on
 * refresh tokens. A refresh token is used up by the refresh it buys.
 *
 * <p>The revocation list is kept in memory: a revoked token is refused by this instance until it
 * would have expired, not by other processes, and not after a restart. Keep access tokens short.
 *
 * <pre>{@code
 * JwtAuth auth = JwtAuth.create();                       // $MICRO_HOME/auth
 * JwtAuth auth = JwtAuth.builder().directory(dir).accessTokenTtl(Duration.ofMinutes(5)).build();
 * }</pre>
 *
 * <p>Safe for concurrent use.
 */
public final class JwtAuth implements Auth {
  static final String ID = "micro.auth";
  private static final String USE = "use";
  private static final String REFRESH = "refresh";

  private final String issuer;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;
  private final KeySet keys;
  private final AccountStore accounts;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Instant> revoked = new ConcurrentHashMap<>();

  JwtAuth(JwtAuthBuilder b, KeySet keys) {
    this.issuer = b.issuer;
    this.accessTtl = b.accessTtl;
    this.refreshTtl = b.refreshTtl;
    this.clock = b.clock;
    this.keys = keys;
    this.accounts = new AccountStore(b.directory, b.hashIterations);
  }

  /** An auth keeping its keys and accounts under {@code $MICRO_HOME/auth}. */
  public static JwtAuth create() {
    return builder().build();
  }

  /** An auth keeping its keys and accounts in {@code directory}. */
  public static JwtAuth create(Path directory) {
    return builder().directory(directory).build();
  }

  /** A builder to choose the directory, key, issuer, lifetimes and clock. */
  public static JwtAuthBuilder builder() {
    return new JwtAuthBuilder();
  }

  @Override
  public Account generate(String id, AccountOptions options) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(options, "options");
    if (id.isBlank()) {
      throw new IllegalArgumentException("account id: '" + id + "' (expected: non-blank)");
    }
    String secret = options.secret().orElseGet(this::newSecret);
    AccountStore.Stored s = accounts.create(id, options, secret, clock.instant());
    return new Account(s.id(), s.type(), issuer, s.scopes(), s.metadata(), Optional.of(secret));
  }

  /** Deletes an account: its credentials and refresh tokens stop working. Returns whether it existed. */
  public boolean delete(String id) {
    return accounts.delete(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Token token(TokenOptions options) {
    Objects.requireNonNull(options, "options");
    AccountStore.Stored s;
    if (options.refreshToken().isPresent()) {
      JWTClaimsSet refresh = verified(options.refreshToken().get(), true);
      if (!revoke(refresh)) {
        throw unauthenticated("token revoked");
      }
      s = accounts.find(refresh.getSubject()).orElseThrow(() -> unauthenticated("account no longer exists"));
    } else {
      String id = options.id().orElseThrow();
      s = accounts.authenticate(id, options.secret().orElseThrow())
          .orElseThrow(() -> unauthenticated("wrong account id or secret"));
    }
    Account acc = s.toAccount(issuer);
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant expiry = now.plus(options.expiry().orElse(accessTtl));
    String access = sign(acc, now, expiry, false);
    String refresh = sign(acc, now, now.plus(refreshTtl), true);
    return new Token(access, refresh, now, expiry);
  }

  @Override
  public Account inspect(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    Inspected hit = inspected.get(accessToken);
    if (hit != null) {
      // The exact token verified before: only what can change since is checked again.
      if (clock.instant().isBefore(hit.expiry) && !revoked.containsKey(hit.jti) && keys.find(hit.kid).isPresent()) {
        return hit.account;
      }
      inspected.remove(accessToken);
    }
    JWTClaimsSet c = verified(accessToken, false);
    Account account;
    try {
      Map<String, String> md = new LinkedHashMap<>();
      Map<String, Object> raw = c.getJSONObjectClaim("metadata");
      if (raw != null) {
        raw.forEach((k, v) -> md.put(k, String.valueOf(v)));
      }
      List<String> scopes = c.getStringListClaim("scopes");
      String type = c.getStringClaim("type");
      account = new Account(c.getSubject(), type == null ? Account.Type.USER : Account.Type.of(type), c.getIssuer(),
          scopes == null ? List.of() : scopes, md, Optional.empty());
    } catch (ParseException | IllegalArgumentException | NullPointerException e) {
      throw unauthenticated("malformed token claims");
    }
    if (inspected.size() >= MAX_INSPECTED) {
      inspected.clear();
    }
    String kid;
    try {
      kid = SignedJWT.parse(accessToken).getHeader().getKeyID();
    } catch (ParseException e) {
      throw unauthenticated("malformed token");
    }
    inspected.put(accessToken, new Inspected(account, c.getExpirationTime().toInstant(), c.getJWTID(), kid));
    return account;
  }

  /** A token whose signature and claims were verified, kept so the next call skips the signature check. */
  private record Inspected(Account account, java.time.Instant expiry, String jti, String kid) {}

  private static final int MAX_INSPECTED = 10_000;
  private final java.util.concurrent.ConcurrentHashMap<String, Inspected> inspected = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void revoke(String token) {
    JWTClaimsSet c;
    try {
      c = verified(Objects.requireNonNull(token, "token"), null);
    } catch (MicroException e) {
      if (e.detail().equals("token revoked") || e.detail().equals("token expired")) {
        return;
      }
      throw e;
    }
    revoke(c);
  }

  /** Adds a key that signs new tokens from now on; tokens of older keys keep verifying. Returns its id. */
  public String rotateKeys() {
    return keys.rotate();
  }

  /** Deletes an older key; tokens it signed stop verifying. Returns whether it existed. */
  public boolean removeKey(String kid) {
    return keys.remove(kid);
  }

  /** The ids of the keys that verify tokens, oldest first. */
  public List<String> keyIds() {
    return keys.ids();
  }

  /** The id of the key that signs new tokens. */
  public String signingKeyId() {
    return keys.signing().kid();
  }

  /** Adds the token to the revocation list; false if it was there already. */
  private boolean revoke(JWTClaimsSet c) {
    Instant now = clock.instant();
    revoked.values().removeIf(exp -> exp.isBefore(now));
    return revoked.putIfAbsent(c.getJWTID(), c.getExpirationTime().toInstant()) == null;
  }

  private String sign(Account acc, Instant now, Instant expiry, boolean refresh) {
    KeySet.Key key = keys.signing();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(acc.id()).issuer(issuer).issueTime(Date.from(now)).expirationTime(Date.from(expiry))
        .jwtID(UUID.randomUUID().toString())
        .claim("type", acc.type().wireName()).claim("scopes", acc.scopes()).claim("metadata", acc.metadata());
    if (refresh) {
      claims.claim(USE, REFRESH);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.alg()).keyID(key.kid()).build(), claims.build());
    try {
      JWSSigner signer = key.privateKey().orElseThrow() instanceof ECPrivateKey ec
          ? new ECDSASigner(ec) : new RSASSASigner(key.privateKey().get());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new MicroException(Status.INTERNAL.withDescription("cannot sign a token").withCause(e), ID);
    }
  }

  /**
   * The claims of a token this auth signed, checked for signature, issuer, expiry and revocation.
   *
   * @param refresh whether a refresh token is expected; null accepts either
   */
  private JWTClaimsSet verified(String token, Boolean refresh) {
    SignedJWT jwt;
    JWTClaimsSet c;
    try {
      jwt = SignedJWT.parse(token);
      c = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw unauthenticated("malformed token");
    }
    String kid = jwt.getHeader().getKeyID();
    KeySet.Key key = kid == null ? null : keys.find(kid).orElse(null);
    if (key == null) {
      throw unauthenticated("token signed by an unknown key");
    }
    if (!key.alg().equals(jwt.getHeader().getAlgorithm()) || !verify(jwt, key)) {
      throw unauthenticated("invalid token signature");
    }
    if (!issuer.equals(c.getIssuer()) || c.getSubject() == null || c.getJWTID() == null) {
      throw unauthenticated("token from another issuer");
    }
    if (c.getExpirationTime() == null || !clock.instant().isBefore(c.getExpirationTime().toInstant())) {
      throw unauthenticated("token expired");
    }
    boolean isRefresh = REFRESH.equals(c.getClaim(USE));
    if (refresh != null && refresh != isRefresh) {
      throw unauthenticated(isRefresh ? "a refresh token is not an access token" : "not a refresh token");
    }
    if (revoked.containsKey(c.getJWTID())) {
      throw unauthenticated("token revoked");
    }
    return c;
  }

  private static boolean verify(SignedJWT jwt, KeySet.Key key) {
    try {
      JWSVerifier v = key.publicKey() instanceof ECPublicKey ec
          ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAPublicKey) key.publicKey());
      return jwt.verify(v);
    } catch (JOSEException e) {
      return false;
    }
  }

  private String newSecret() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static MicroException unauthenticated(String why) {
    return new MicroException(Status.UNAUTHENTICATED.withDescription(why), ID);
  }

  @Override
  public String toString() {
    return "JwtAuth[issuer=" + issuer + ", signing key=" + keys.signing().kid() + "]";
  }
}
