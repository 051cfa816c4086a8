package dev.micro.codec;

import java.lang.reflect.Type;
import java.util.List;

/**
 * Turns messages into bytes and back for one content type. Implementations must be safe for
 * concurrent use. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.micro.codec.Codec}); see {@link Codecs}.
 *
 * <p>Decoding malformed bytes throws a {@link dev.micro.MicroException} with
 * {@link dev.micro.Status.Code#INVALID_ARGUMENT} saying what was wrong.
 */
public interface Codec {
  /** The canonical content type, such as {@code application/json}. */
  String contentType();

  /** Other content types this codec reads and writes ({@code application/grpc+json}). */
  default List<String> aliases() {
    return List.of();
  }

  /** Whether this codec can carry values of {@code type}. */
  boolean supports(Type type);

  /** When several codecs serve one content type and type, the highest priority wins. */
  default int priority() {
    return 0;
  }

  byte[] encode(Object value);

  /** Decodes {@code data} as {@code type}. */
  Object decode(byte[] data, Type type);
}
