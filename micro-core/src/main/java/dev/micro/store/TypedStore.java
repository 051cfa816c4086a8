package dev.micro.store;

import dev.micro.codec.Codec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Objects of one type kept in a {@link Store}, encoded with a {@link Codec} (JSON with
 * {@code micro-json}'s codec). Each record carries the codec's content type in its
 * {@code Content-Type} metadata. Safe for concurrent use if the store and codec are.
 *
 * <pre>{@code
 * TypedStore<User> users = TypedStore.of(store.scoped("app", "users"), new JsonCodec(), User.class);
 * users.put("42", new User("Ada"));
 * Optional<User> ada = users.get("42");
 * }</pre>
 *
 * @param <T> the type of the values
 */
public final class TypedStore<T> {
  /** The metadata entry naming how a value is encoded. */
  public static final String CONTENT_TYPE = "Content-Type";

  private final Store store;
  private final Codec codec;
  private final Type type;

  private TypedStore(Store store, Codec codec, Type type) {
    this.store = Objects.requireNonNull(store, "store");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.type = Objects.requireNonNull(type, "type");
    if (!codec.supports(type)) {
      throw new IllegalArgumentException("codec: " + codec.contentType() + " (expected: one that can carry " + type.getTypeName() + ")");
    }
  }

  /** Values of {@code type} in {@code store}'s default scope, encoded by {@code codec}. */
  public static <T> TypedStore<T> of(Store store, Codec codec, Class<T> type) {
    return new TypedStore<>(store, codec, type);
  }

  /** Writes {@code value} at {@code key}, never expiring. */
  public void put(String key, T value) {
    store.write(record(key, value));
  }

  /** Writes {@code value} at {@code key}, expiring {@code ttl} from now. */
  public void put(String key, T value, Duration ttl) {
    store.write(record(key, value).withTtl(ttl));
  }

  /** The value at {@code key}, if a live record is there. */
  public Optional<T> get(String key) {
    return store.read(key).map(this::decode);
  }

  /** The values {@code query} selects, in key order. */
  public List<T> values(Query query) {
    return store.read(query).stream().map(this::decode).toList();
  }

  /** Deletes the value at {@code key}, if any. */
  public void delete(String key) {
    store.delete(key);
  }

  /** The keys {@code query} selects, in key order. */
  public List<String> keys(Query query) {
    return store.list(query);
  }

  private Record record(String key, T value) {
    Objects.requireNonNull(value, "value");
    return Record.of(key, codec.encode(value)).withMetadata(CONTENT_TYPE, codec.contentType());
  }

  @SuppressWarnings("unchecked")
  private T decode(Record r) {
    return (T) codec.decode(r.value(), type);
  }
}
