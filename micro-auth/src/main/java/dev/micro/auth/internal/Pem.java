package dev.micro.auth.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for keys, with the JDK alone: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY}
 * (X.509 SubjectPublicKeyInfo) blocks, EC or RSA, and {@code CERTIFICATE} blocks. Errors never
 * quote the key material. Internal to micro-auth.
 */
public final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private Pem() {}

  public static String encode(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  /** The private key in {@code pem}, if it has a {@code PRIVATE KEY} block. */
  public static Optional<PrivateKey> privateKey(String pem) {
    return block(pem, "PRIVATE KEY").map(der -> {
      PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
      for (String alg : new String[] {"EC", "RSA"}) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(spec);
        } catch (GeneralSecurityException e) {
          // Try the next algorithm.
        }
      }
      throw new IllegalArgumentException("PRIVATE KEY block is not a PKCS#8 EC or RSA key");
    });
  }

  /** The public key in {@code pem}, or the one an RSA private key implies. */
  public static Optional<PublicKey> publicKey(String pem) {
    Optional<byte[]> der = block(pem, "PUBLIC KEY");
    if (der.isPresent()) {
      X509EncodedKeySpec spec = new X509EncodedKeySpec(der.get());
      for (String alg : new String[] {"EC", "RSA"}) {
        try {
          return Optional.of(KeyFactory.getInstance(alg).generatePublic(spec));
        } catch (GeneralSecurityException e) {
          // Try the next algorithm.
        }
      }
      throw new IllegalArgumentException("PUBLIC KEY block is not an X.509 EC or RSA key");
    }
    return privateKey(pem).filter(k -> k instanceof RSAPrivateCrtKey).map(k -> {
      RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) k;
      try {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot derive the RSA public key", e);
      }
    });
  }

  /** The DER bytes of every {@code type} block in {@code pem}, in order. */
  public static java.util.List<byte[]> blocks(String pem, String type) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(type + " block is not valid base64");
        }
      }
    }
    return out;
  }

  private static Optional<byte[]> block(String pem, String type) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          return Optional.of(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(type + " block is not valid base64");
        }
      }
    }
    return Optional.empty();
  }
}
