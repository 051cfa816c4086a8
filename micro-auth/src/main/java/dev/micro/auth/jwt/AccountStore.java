package dev.micro.auth.jwt;

import dev.micro.auth.internal.DirLock;
import dev.micro.auth.internal.OwnerOnly;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.auth.Account;
import dev.micro.auth.AccountOptions;
import dev.micro.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Accounts in a small JSON file ({@code accounts.json}, 0600): id, type, scopes, metadata, and the
 * secret as a salted PBKDF2-HMAC-SHA256 hash, never the secret itself. The file is read on every
 * lookup and rewritten atomically under the directory's lock, so processes sharing it agree.
 */
final class AccountStore {
  /** An account as stored. */
  record Stored(String id, Account.Type type, List<String> scopes, Map<String, String> metadata,
      String salt, String hash, int iterations, Instant created) {
    Account toAccount(String issuer) {
      return new Account(id, type, issuer, scopes, metadata, Optional.empty());
    }

    @Override
    public String toString() {
      return "Stored[" + id + "]";
    }
  }

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int HASH_BITS = 256;

  private final Path file;
  private final Path lockFile;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();

  AccountStore(Path dir, int iterations) {
    this.file = dir.resolve("accounts.json");
    this.lockFile = dir.resolve(".lock");
    this.iterations = iterations;
  }

  /** Stores a new account with {@code secret} hashed; ALREADY_EXISTS if the id is taken. */
  Stored create(String id, AccountOptions options, String secret, Instant now) {
    lock.lock();
    try (DirLock ignored = DirLock.acquire(lockFile)) {
      Map<String, Stored> all = read();
      if (all.containsKey(id)) {
        throw new MicroException(Status.ALREADY_EXISTS.withDescription("account %s exists already", id), "micro.auth");
      }
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      Stored s = new Stored(id, options.type(), options.scopes(), options.metadata(), b64(salt),
          b64(hash(secret, salt, iterations)), iterations, now);
      all.put(id, s);
      write(all);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write accounts to " + file, e);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes an account; returns whether it existed. */
  boolean delete(String id) {
    lock.lock();
    try (DirLock ignored = DirLock.acquire(lockFile)) {
      Map<String, Stored> all = read();
      if (all.remove(id) == null) {
        return false;
      }
      write(all);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write accounts to " + file, e);
    } finally {
      lock.unlock();
    }
  }

  Optional<Stored> find(String id) {
    return Optional.ofNullable(read().get(id));
  }

  /** The account if {@code secret} is its secret; the comparison takes the same time either way. */
  Optional<Stored> authenticate(String id, String secret) {
    Optional<Stored> s = find(id);
    byte[] salt = s.map(x -> Base64.getDecoder().decode(x.salt())).orElse(new byte[16]);
    byte[] expected = s.map(x -> Base64.getDecoder().decode(x.hash())).orElse(new byte[HASH_BITS / 8]);
    byte[] actual = hash(secret, salt, s.map(Stored::iterations).orElse(iterations));
    return MessageDigest.isEqual(expected, actual) ? s : Optional.empty();
  }

  private static byte[] hash(String secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    } finally {
      spec.clearPassword();
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Stored> read() {
    Map<String, Stored> all = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return all;
    }
    try {
      Map<String, Object> root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
      for (Object o : (List<Object>) root.getOrDefault("accounts", List.of())) {
        Map<String, Object> m = (Map<String, Object>) o;
        Map<String, String> md = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("metadata", Map.of())).forEach((k, v) -> md.put(k, String.valueOf(v)));
        Stored s = new Stored((String) m.get("id"), Account.Type.of((String) m.get("type")),
            ((List<Object>) m.getOrDefault("scopes", List.of())).stream().map(String::valueOf).toList(), md,
            (String) m.get("salt"), (String) m.get("hash"), ((Number) m.get("iterations")).intValue(),
            Instant.parse((String) m.get("created")));
        all.put(s.id(), s);
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read accounts from " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("accounts file " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  private void write(Map<String, Stored> all) {
    List<Object> list = new ArrayList<>();
    for (Stored s : all.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("type", s.type().wireName());
      m.put("scopes", s.scopes());
      m.put("metadata", s.metadata());
      m.put("salt", s.salt());
      m.put("hash", s.hash());
      m.put("iterations", s.iterations());
      m.put("algorithm", ALGORITHM);
      m.put("created", s.created().toString());
      list.add(m);
    }
    OwnerOnly.write(file, Json.write(Map.of("accounts", list)).getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
