package dev.micro.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.micro.registry.Value;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a protobuf message as a registry {@link Value} from its descriptor: fields by their
 * JSON names, types in go-micro's style ({@code string}, {@code int32}, {@code []Item},
 * {@code map[string]int64}), nested messages to depth 3.
 *
 * <pre>{@code
 * Value v = ProtoShapes.of(HelloRequest.getDescriptor());   // HelloRequest{name string}
 * }</pre>
 */
public final class ProtoShapes {
  private static final int MAX_DEPTH = 3;

  private ProtoShapes() {}

  /** The shape of a generated message class. */
  public static Value of(Type messageClass) {
    return of(Messages.defaultInstance(messageClass).getDescriptorForType());
  }

  /** The shape of a message type, named by its simple name. */
  public static Value of(Descriptor descriptor) {
    return new Value(descriptor.getName(), descriptor.getName(), fields(descriptor, 1));
  }

  private static List<Value> fields(Descriptor d, int depth) {
    List<Value> out = new ArrayList<>();
    if (depth > MAX_DEPTH) {
      return out;
    }
    for (FieldDescriptor f : d.getFields()) {
      List<Value> nested = List.of();
      if (f.isMapField()) {
        FieldDescriptor v = f.getMessageType().findFieldByName("value");
        if (v.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          nested = fields(v.getMessageType(), depth + 1);
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        nested = fields(f.getMessageType(), depth + 1);
      }
      out.add(new Value(f.getJsonName(), typeName(f), nested));
    }
    return out;
  }

  /** A field's type name: {@code []T} for repeated, {@code map[K]V} for maps. */
  static String typeName(FieldDescriptor f) {
    if (f.isMapField()) {
      Descriptor entry = f.getMessageType();
      return "map[" + scalar(entry.findFieldByName("key")) + "]" + scalar(entry.findFieldByName("value"));
    }
    return f.isRepeated() ? "[]" + scalar(f) : scalar(f);
  }

  private static String scalar(FieldDescriptor f) {
    return switch (f.getType()) {
      case STRING -> "string";
      case BYTES -> "bytes";
      case BOOL -> "bool";
      case INT32, SINT32, SFIXED32 -> "int32";
      case INT64, SINT64, SFIXED64 -> "int64";
      case UINT32, FIXED32 -> "uint32";
      case UINT64, FIXED64 -> "uint64";
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case ENUM -> f.getEnumType().getName();
      case MESSAGE, GROUP -> f.getMessageType().getName();
    };
  }
}
