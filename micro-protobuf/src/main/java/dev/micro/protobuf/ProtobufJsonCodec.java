package dev.micro.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code application/json} for generated protobuf messages, in the proto3 JSON mapping that
 * go-micro's protojson uses: lowerCamelCase field names, fields at their default value omitted,
 * no insignificant whitespace. Unknown fields are ignored when reading, so older readers accept
 * newer writers. Also serves {@code application/grpc+json}.
 *
 * <p>Its priority (10) puts it ahead of a general JSON codec for message types; it supports only
 * those. Safe for concurrent use.
 */
public final class ProtobufJsonCodec implements Codec {
  private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
  private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public List<String> aliases() {
    return List.of("application/grpc+json");
  }

  @Override
  public boolean supports(Type type) {
    return Messages.isMessage(type);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof MessageOrBuilder m)) {
      throw new IllegalArgumentException("cannot encode " + (value == null ? "null" : value.getClass().getName())
          + " as protobuf JSON (expected a com.google.protobuf.Message)");
    }
    try {
      return printer.print(m).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      // Only an unresolvable Any type gets here: a server-side problem, not the caller's.
      throw new IllegalStateException("cannot print " + m.getDescriptorForType().getFullName() + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public Object decode(byte[] data, Type type) {
    Message prototype = Messages.defaultInstance(type);
    Message.Builder builder = prototype.newBuilderForType();
    try {
      parser.merge(new String(data, StandardCharsets.UTF_8), builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "malformed JSON for %s: %s", prototype.getDescriptorForType().getName(), e.getMessage()));
    } catch (RuntimeException e) {
      // JsonFormat lets some syntax errors escape as unchecked exceptions from its JSON reader.
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "malformed JSON for %s: %s", prototype.getDescriptorForType().getName(), e.getMessage()));
    }
  }
}
