package dev.micro.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import java.lang.reflect.Type;
import java.util.List;

/**
 * {@code application/protobuf}: the protobuf binary encoding of a generated message, one message
 * per body, as go-micro's proto codec. Also serves {@code application/x-protobuf} and the gRPC
 * content types {@code application/grpc} and {@code application/grpc+proto}.
 *
 * <p>Supports every generated subclass of {@link com.google.protobuf.Message}. Parsers are looked
 * up once per class. Safe for concurrent use.
 */
public final class ProtobufCodec implements Codec {
  /** The canonical content type. */
  public static final String CONTENT_TYPE = "application/protobuf";

  private static final ClassValue<Parser<?>> PARSERS = new ClassValue<>() {
    @Override
    protected Parser<?> computeValue(Class<?> type) {
      return Messages.defaultInstance(type).getParserForType();
    }
  };

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("application/x-protobuf", "application/grpc", "application/grpc+proto");
  }

  @Override
  public boolean supports(Type type) {
    return Messages.isMessage(type);
  }

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof MessageLite m)) {
      throw new IllegalArgumentException("cannot encode " + (value == null ? "null" : value.getClass().getName())
          + " as protobuf (expected a com.google.protobuf.Message)");
    }
    return m.toByteArray();
  }

  @Override
  public Object decode(byte[] data, Type type) {
    if (!Messages.isMessage(type)) {
      throw new IllegalArgumentException("cannot decode protobuf into " + type.getTypeName()
          + " (expected a com.google.protobuf.Message class)");
    }
    try {
      return PARSERS.get((Class<?>) type).parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "malformed protobuf %s: %s", ((Class<?>) type).getSimpleName(), e.getMessage()));
    }
  }
}
