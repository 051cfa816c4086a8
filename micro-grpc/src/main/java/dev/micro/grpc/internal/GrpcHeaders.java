package dev.micro.grpc.internal;

import dev.micro.CallType;
import dev.micro.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Converts between gRPC headers and Micro metadata, and picks the codec for a call. */
public final class GrpcHeaders {
  /** Sent by Micro's client (and go-micro's) with the codec's content type. */
  public static final io.grpc.Metadata.Key<String> X_CONTENT_TYPE =
      io.grpc.Metadata.Key.of("x-content-type", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  /** The gRPC content type, as the server sees it. */
  public static final io.grpc.Metadata.Key<String> CONTENT_TYPE =
      io.grpc.Metadata.Key.of("content-type", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> RESERVED = Set.of("content-type", "te", "user-agent", "x-content-type");
  // Header names repeat from call to call; keys are immutable, so one per name is enough.
  private static final ConcurrentHashMap<String, io.grpc.Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_KEYS = 1024;

  private GrpcHeaders() {}

  /** Whether a header is gRPC's or HTTP/2's own and not call metadata. */
  public static boolean reserved(String name) {
    return name.startsWith(":") || name.startsWith("grpc-") || name.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)
        || RESERVED.contains(name);
  }

  /** Every ASCII header that is not reserved, as Micro metadata. */
  public static Metadata toMetadata(io.grpc.Metadata headers) {
    java.util.Map<String, String> m = null;
    for (String name : headers.keys()) {
      if (reserved(name)) {
        continue;
      }
      String v = headers.get(key(name));
      if (v != null) {
        if (m == null) {
          m = new java.util.HashMap<>();
        }
        m.put(name, v);
      }
    }
    return m == null ? Metadata.empty() : Metadata.of(m);
  }

  /** Adds Micro metadata to gRPC headers as lower-case ASCII headers, skipping reserved names. */
  public static void putAll(Metadata metadata, io.grpc.Metadata headers) {
    metadata.forEach((k, v) -> {
      String name = k.toLowerCase(Locale.ROOT);
      if (!reserved(name)) {
        headers.put(key(name), v);
      }
    });
  }

  private static io.grpc.Metadata.Key<String> key(String name) {
    io.grpc.Metadata.Key<String> k = KEYS.get(name);
    if (k == null) {
      k = io.grpc.Metadata.Key.of(name, io.grpc.Metadata.ASCII_STRING_MARSHALLER);
      if (KEYS.size() < MAX_CACHED_KEYS) {
        KEYS.putIfAbsent(name, k);
      }
    }
    return k;
  }

  /**
   * The Micro content type of a call: {@code application/grpc} and {@code application/grpc+proto}
   * are protobuf, {@code application/grpc+json} is JSON, and a plain {@code application/grpc} with
   * an {@code x-content-type} header takes that instead (grpc-java clients cannot change the
   * content type).
   */
  public static String contentType(io.grpc.Metadata headers) {
    String ct = headers.get(CONTENT_TYPE);
    String base = ct == null ? "application/grpc" : dev.micro.codec.Codecs.normalize(ct);
    switch (base) {
      case "application/grpc" -> {
        String x = headers.get(X_CONTENT_TYPE);
        return x != null && !x.isBlank() ? x : "application/protobuf";
      }
      case "application/grpc+proto" -> {
        return "application/protobuf";
      }
      case "application/grpc+json" -> {
        return "application/json";
      }
      default -> {
        return base;
      }
    }
  }

  /** The gRPC method type of a Micro call type. */
  public static MethodType methodType(CallType type) {
    return switch (type) {
      case UNARY -> MethodType.UNARY;
      case SERVER_STREAMING -> MethodType.SERVER_STREAMING;
      case CLIENT_STREAMING -> MethodType.CLIENT_STREAMING;
      case BIDI_STREAMING -> MethodType.BIDI_STREAMING;
    };
  }

  /** The Micro call type of a gRPC method type; UNKNOWN counts as bidirectional. */
  public static CallType callType(MethodType type) {
    return switch (type) {
      case UNARY -> CallType.UNARY;
      case SERVER_STREAMING -> CallType.SERVER_STREAMING;
      case CLIENT_STREAMING -> CallType.CLIENT_STREAMING;
      case BIDI_STREAMING, UNKNOWN -> CallType.BIDI_STREAMING;
    };
  }

  /**
   * The endpoint {@code Handler.Method} of a full method name {@code any.pkg.Handler/Method}; the
   * package is ignored, as go-micro does. Null when the name has no {@code /}.
   */
  public static String endpoint(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    if (slash <= 0 || slash == fullMethodName.length() - 1) {
      return null;
    }
    int dot = fullMethodName.lastIndexOf('.', slash);
    return fullMethodName.substring(dot + 1, slash) + "." + fullMethodName.substring(slash + 1);
  }

  /** The full method name Micro's client calls: {@code <service>.<Handler>/<Method>}. */
  public static String fullMethodName(String service, String endpoint) {
    int dot = endpoint.lastIndexOf('.');
    if (dot <= 0 || dot == endpoint.length() - 1) {
      throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: Handler.Method)");
    }
    return service + "." + endpoint.substring(0, dot) + "/" + endpoint.substring(dot + 1);
  }
}
