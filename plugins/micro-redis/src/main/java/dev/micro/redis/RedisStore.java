package dev.micro.redis;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store in Redis: each record is one string key {@code <database>/<table>/<key>} (with
 * {@code %} and {@code /} escaped in the database and table names) holding the value, metadata
 * and expiry, written with one {@code SET}; a TTL becomes Redis's own expiry
 * ({@code SET ... PXAT}). Prefix reads use {@code SCAN MATCH} with glob characters escaped and
 * sort keys here, so large tables cost a scan of their namespace.
 *
 * <p>One multiplexed Lettuce connection serves every thread. While Redis is unreachable calls
 * fail at once with {@link dev.micro.Status.Code#UNAVAILABLE}; the connection comes back by
 * itself when Redis does. Safe for concurrent use.
 *
 * <pre>{@code
 * Store store = Micro.store("redis://127.0.0.1:6379/0?timeout=5s");
 * }</pre>
 */
public final class RedisStore implements Store {
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> redis;
  private final String url;

  private RedisStore(ClientResources resources, RedisClient client, StatefulRedisConnection<String, byte[]> connection, String url) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
    this.url = url;
  }

  /**
   * A store for {@code redis://[user:password@]host[:port][/db]?timeout=5s}: {@code timeout}
   * (default 5s) bounds each command and each connection attempt.
   *
   * @throws MicroException UNAVAILABLE if Redis cannot be reached now
   */
  public static RedisStore create(PluginUri uri) {
    RedisClients.Opened<String, byte[]> o = RedisClients.open(uri, CODEC, "store");
    return new RedisStore(o.resources(), o.client(), o.connection(), uri.toString());
  }

  @Override
  public Scope scope() {
    return Scope.DEFAULT;
  }

  @Override
  public Optional<Record> read(Scope scope, String key) {
    Record.requireKey(key);
    byte[] blob = call(scope, () -> redis.get(namespace(scope) + key));
    return blob == null ? Optional.empty() : live(RecordBlob.decode(key, blob), Instant.now());
  }

  @Override
  public List<Record> read(Scope scope, Query query) {
    List<String> keys = matching(scope, query);
    if (keys.isEmpty()) {
      return List.of();
    }
    String ns = namespace(scope);
    List<KeyValue<String, byte[]>> values = call(scope, () -> redis.mget(keys.stream().map(k -> ns + k).toArray(String[]::new)));
    Instant now = Instant.now();
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      KeyValue<String, byte[]> kv = values.get(i);
      if (kv.hasValue()) {
        live(RecordBlob.decode(keys.get(i), kv.getValue()), now).ifPresent(out::add);
      }
    }
    return out;
  }

  @Override
  public void write(Scope scope, Record record) {
    Objects.requireNonNull(record, "record");
    String key = namespace(scope) + record.key();
    byte[] blob = RecordBlob.encode(record);
    call(scope, () -> record.expiry().isPresent()
        ? redis.set(key, blob, new SetArgs().pxAt(record.expiry().get().toEpochMilli()))
        : redis.set(key, blob));
  }

  @Override
  public void delete(Scope scope, String key) {
    Record.requireKey(key);
    call(scope, () -> redis.del(namespace(scope) + key));
  }

  @Override
  public List<String> list(Scope scope, Query query) {
    return matching(scope, query);
  }

  /** The page of keys (without the namespace) that {@code query} selects, in key order. */
  private List<String> matching(Scope scope, Query query) {
    Objects.requireNonNull(query, "query");
    String ns = namespace(scope);
    ScanArgs args = ScanArgs.Builder.matches(glob(ns + query.prefix()) + "*").limit(1000);
    List<String> keys = new ArrayList<>();
    call(scope, () -> {
      KeyScanCursor<String> cursor = redis.scan(args);
      while (true) {
        for (String k : cursor.getKeys()) {
          String key = k.substring(ns.length());
          if (query.matches(key)) {
            keys.add(key);
          }
        }
        if (cursor.isFinished()) {
          return null;
        }
        cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
      }
    });
    keys.sort(Query.KEY_ORDER);
    return query.page(keys.stream().distinct().toList()); // SCAN may return a key twice
  }

  private static Optional<Record> live(Optional<Record> r, Instant now) {
    return r.filter(x -> !x.isExpired(now));
  }

  /** {@code <database>/<table>/}, escaped so that no two scopes share a namespace. */
  private static final java.util.Map<Scope, String> NAMESPACES = new java.util.concurrent.ConcurrentHashMap<>();

  static String namespace(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    String ns = NAMESPACES.get(scope);
    if (ns == null) {
      ns = escape(scope.database()) + "/" + escape(scope.table()) + "/";
      if (NAMESPACES.size() < 10_000) {
        NAMESPACES.put(scope, ns);
      }
    }
    return ns;
  }

  private static String escape(String name) {
    return name.replace("%", "%25").replace("/", "%2F");
  }

  /** {@code text} as a glob pattern matching only itself. */
  static String glob(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private <T> T call(Scope scope, Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisConnectionException | RedisCommandTimeoutException e) {
      throw failure(Status.UNAVAILABLE, scope, e);
    } catch (RedisException e) {
      throw failure(connection.isOpen() ? Status.INTERNAL : Status.UNAVAILABLE, scope, e);
    }
  }

  private MicroException failure(Status status, Scope scope, RuntimeException e) {
    return new MicroException(status.withDescription("store %s %s: %s", url, scope, e.getMessage()).withCause(e));
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
    resources.shutdown();
  }
}
