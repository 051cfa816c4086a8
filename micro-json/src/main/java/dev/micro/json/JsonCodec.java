package dev.micro.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code application/json} (also {@code application/grpc+json} and {@code text/json}) on Jackson.
 * Carries records, beans, lists, maps, {@code java.time} values (as ISO-8601 strings) and
 * {@code Optional}s. Protobuf messages are left to the protobuf module's JSON codec, which writes
 * them the way {@code protojson} does.
 *
 * <p>Unknown properties are ignored, so a newer peer may send fields an older one does not know.
 * An empty body decodes like {@code {}} (as go-micro's JSON codec leaves the message empty).
 * Malformed JSON (trailing content after the value included) or a value of the wrong type fails
 * with {@link Status.Code#INVALID_ARGUMENT} naming what was wrong and where.
 *
 * <p>Safe for concurrent use. Found with {@link java.util.ServiceLoader}; to use a customised
 * mapper, pass it to {@link #JsonCodec(ObjectMapper)} and give the codec to {@code Codecs.of}.
 */
public final class JsonCodec implements Codec {
  private static final String PROTOBUF_MESSAGE = "com.google.protobuf.Message";
  private static final Pattern SOURCE_NOISE = Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*\\][^()]*\\)|\\s*\\[Source:[^\\]]*\\]");
  private static final int MAX_DETAIL = 240;
  private static final byte[] EMPTY_OBJECT = {'{', '}'};
  private static final byte[] EMPTY_ARRAY = {'[', ']'};
  private static final ClassValue<Boolean> IS_PROTOBUF = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return implementsProtobufMessage(type);
    }
  };

  private final ObjectMapper mapper;
  private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

  /** A codec on a mapper that ignores unknown properties and writes dates and durations as ISO-8601 strings. */
  public JsonCodec() {
    this(defaultMapper());
  }

  /** A codec on {@code mapper}, configured as the caller wishes. */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** The mapper {@link #JsonCodec()} uses, for callers who want to start from it. */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public List<String> aliases() {
    return List.of("application/grpc+json", "text/json");
  }

  @Override
  public boolean supports(Type type) {
    Class<?> raw = rawClass(type);
    return raw == null || !IS_PROTOBUF.get(raw);
  }

  @Override
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      String type = value == null ? "null" : value.getClass().getName();
      throw new MicroException(Status.INTERNAL.withDescription("cannot encode %s as JSON: %s", type, describe(e)).withCause(e));
    }
  }

  @Override
  public Object decode(byte[] data, Type type) {
    ObjectReader reader = readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.constructType(t)));
    byte[] input = isBlank(data) ? emptyValue(reader.getValueType()) : data;
    if (input == null) {
      return null;
    }
    try {
      return reader.readValue(input);
    } catch (JsonProcessingException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(describe(e)).withCause(e));
    } catch (IOException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription("unreadable JSON: %s", e.getMessage()).withCause(e));
    }
  }

  /** What an empty body stands for: an empty object or array, or null for a scalar. */
  private static byte[] emptyValue(JavaType type) {
    if (type.isArrayType() || type.isCollectionLikeType()) {
      return EMPTY_ARRAY;
    }
    Class<?> raw = type.getRawClass();
    if (type.isPrimitive() || type.isEnumType() || raw == String.class || Number.class.isAssignableFrom(raw)
        || raw == Boolean.class || raw == Character.class || raw == Object.class || raw.getName().startsWith("java.time.")) {
      return null;
    }
    return EMPTY_OBJECT;
  }

  private static boolean isBlank(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Jackson's message without its source excerpt, with the field path and the position. */
  static String describe(JsonProcessingException e) {
    String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    StringBuilder sb = new StringBuilder(SOURCE_NOISE.matcher(message).replaceAll("").strip());
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      sb.append(" at ").append(path(m.getPath()));
    }
    JsonLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
    }
    return sb.length() <= MAX_DETAIL ? sb.toString() : sb.substring(0, MAX_DETAIL - 3) + "...";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    if (type instanceof GenericArrayType) {
      return Object[].class;
    }
    return null;
  }

  private static boolean implementsProtobufMessage(Class<?> type) {
    if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(PROTOBUF_MESSAGE)) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (implementsProtobufMessage(i)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "JsonCodec[application/json]";
  }
}
