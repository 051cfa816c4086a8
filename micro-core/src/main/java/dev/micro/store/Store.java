package dev.micro.store;

import java.util.List;
import java.util.Optional;

/**
 * Records by key: read one key, or keys by prefix and suffix with limit and offset, write with an
 * optional expiry, delete, list keys. Every record lives in a {@link Scope} (a database and a
 * table); the methods without a scope use this handle's {@link #scope()}, which is
 * {@link Scope#DEFAULT} unless the handle came from {@link #scoped(String, String)}.
 * Implementations must be safe for concurrent use.
 *
 * <pre>{@code
 * try (Store store = Micro.store("file://")) {
 *   Store users = store.scoped("app", "users");
 *   users.write(Record.of("42", bytes).withTtl(Duration.ofHours(1)));
 *   Optional<Record> r = users.read("42");
 *   List<String> keys = users.list(Query.prefix("4").withLimit(100));
 * }
 * }</pre>
 *
 * <p>Expired records are never returned. Results come in {@linkplain Query#KEY_ORDER key order}.
 * Misuse (an empty key, a negative limit) throws {@link IllegalArgumentException}; a failing
 * backend throws {@link dev.micro.MicroException}, with {@link dev.micro.Status.Code#UNAVAILABLE}
 * when it cannot be reached. Implementations are chosen by URL through {@link StoreProvider}s
 * and all pass the same contract suite.
 */
public interface Store extends AutoCloseable {

  /** The scope the methods without one use. */
  Scope scope();

  /** The live record at {@code key} in {@code scope}, if any. */
  Optional<Record> read(Scope scope, String key);

  /** The live records in {@code scope} that {@code query} selects, in key order. */
  List<Record> read(Scope scope, Query query);

  /** Writes {@code record} into {@code scope}, replacing any record at its key. */
  void write(Scope scope, Record record);

  /** Deletes the record at {@code key} in {@code scope}; nothing happens if there is none. */
  void delete(Scope scope, String key);

  /** The keys of the live records in {@code scope} that {@code query} selects, in key order. */
  List<String> list(Scope scope, Query query);

  /** The URL this store was made from, for messages. */
  String describe();

  /** Closes the store and what it opened. Views from {@link #scoped} stop working too. */
  @Override
  void close();

  /** The live record at {@code key}, if any. */
  default Optional<Record> read(String key) {
    return read(scope(), key);
  }

  /** The live records {@code query} selects, in key order. */
  default List<Record> read(Query query) {
    return read(scope(), query);
  }

  /** Writes {@code record}, replacing any record at its key. */
  default void write(Record record) {
    write(scope(), record);
  }

  /** Writes a record with no metadata that never expires. */
  default void write(String key, byte[] value) {
    write(scope(), Record.of(key, value));
  }

  /** Deletes the record at {@code key}, if any. */
  default void delete(String key) {
    delete(scope(), key);
  }

  /** The keys {@code query} selects, in key order. */
  default List<String> list(Query query) {
    return list(scope(), query);
  }

  /** Every live key, in key order. */
  default List<String> list() {
    return list(scope(), Query.all());
  }

  /**
   * A view of this store whose default scope is {@code database}/{@code table}. The view shares
   * this store's connections; closing the view does nothing, closing this store ends both.
   */
  default Store scoped(String database, String table) {
    return scoped(Scope.of(database, table));
  }

  /** A view of this store whose default scope is {@code scope}; see {@link #scoped(String, String)}. */
  default Store scoped(Scope scope) {
    return new ScopedStore(this, scope);
  }
}
