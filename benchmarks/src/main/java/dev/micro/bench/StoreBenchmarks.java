package dev.micro.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.micro.Micro;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Store reads and writes per second through Micro against the raw client doing the same work on
 * the same server: PostgreSQL through pgjdbc with a HikariCP pool of the same size, and Redis
 * through Lettuce. 16 virtual-thread callers, 1,000 keys of 256 bytes, interleaved rounds, median.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.micro.bench.StoreBenchmarks
 * </pre>
 */
public final class StoreBenchmarks {
  private static final int KEYS = 1000;
  private static final byte[] VALUE = new byte[256];
  private static final int CONCURRENCY = 16;

  private StoreBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(Benchmarks.intArg(args, "--seconds", 3));
    Duration warmup = Duration.ofSeconds(Benchmarks.intArg(args, "--warmup", 3));
    System.out.printf("Store operations, %d callers, %d keys of %d bytes; %d interleaved rounds of %d s, median%n%n",
        CONCURRENCY, KEYS, VALUE.length, 3, measure.toSeconds());
    postgres(warmup, measure);
    redis(warmup, measure);
  }

  private static String key() {
    return "k" + ThreadLocalRandom.current().nextInt(KEYS);
  }

  private static void postgres(Duration warmup, Duration measure) throws Exception {
    String db = "bench_" + UUID.randomUUID().toString().substring(0, 8);
    try (Store store = Micro.store("postgres://postgres@127.0.0.1:5432/test?pool=10");
        HikariDataSource raw = rawPool()) {
      Scope scope = Scope.of(db, "kv");
      String table = "\"" + db + "\".\"raw\"";
      try (Connection c = raw.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS \"" + db + "\"");
        st.execute("CREATE TABLE " + table + " (key text COLLATE \"C\" PRIMARY KEY, value bytea NOT NULL,"
            + " metadata jsonb NOT NULL DEFAULT '{}', expiry timestamptz)");
      }
      String upsert = "INSERT INTO " + table + " (key, value, metadata, expiry) VALUES (?, ?, ?::jsonb, ?)"
          + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, metadata = EXCLUDED.metadata, expiry = EXCLUDED.expiry";
      String select = "SELECT key, value, metadata::text, expiry FROM " + table + " WHERE key = ? AND (expiry IS NULL OR expiry > now())";
      Load.Call rawWrite = () -> {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
          ps.setString(1, key());
          ps.setBytes(2, VALUE);
          ps.setString(3, "{}");
          ps.setObject(4, null);
          ps.executeUpdate();
        }
      };
      Load.Call rawRead = () -> {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
          ps.setString(1, key());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
          }
        }
      };
      Load.Call microWrite = () -> store.write(scope, Record.of(key(), VALUE));
      Load.Call microRead = () -> store.read(scope, key());
      compare("postgres write", warmup, measure, rawWrite, microWrite);
      compare("postgres read", warmup, measure, rawRead, microRead);
      try (Connection c = raw.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA \"" + db + "\" CASCADE");
      }
    }
  }

  private static HikariDataSource rawPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
    config.setUsername("postgres");
    config.setMaximumPoolSize(10);
    return new HikariDataSource(config);
  }

  private static void redis(Duration warmup, Duration measure) throws Exception {
    String db = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
    try (Store store = Micro.store("redis://127.0.0.1:6379/0");
        StatefulRedisConnection<String, byte[]> conn = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      RedisCommands<String, byte[]> redis = conn.sync();
      Scope scope = Scope.of(db, "kv");
      Load.Call rawWrite = () -> redis.set(db + "/raw/" + key(), VALUE);
      Load.Call rawRead = () -> redis.get(db + "/raw/" + key());
      Load.Call microWrite = () -> store.write(scope, Record.of(key(), VALUE));
      Load.Call microRead = () -> store.read(scope, key());
      compare("redis write", warmup, measure, rawWrite, microWrite);
      compare("redis read", warmup, measure, rawRead, microRead);
      for (String k : redis.keys(db + "/*")) {
        redis.del(k);
      }
    } finally {
      client.shutdown();
    }
  }

  private static void compare(String what, Duration warmup, Duration measure, Load.Call raw, Load.Call micro) throws Exception {
    Load.run("raw", CONCURRENCY, warmup, Duration.ZERO, raw);
    Load.run("micro", CONCURRENCY, warmup, Duration.ZERO, micro);
    List<Load.Result> r = new ArrayList<>();
    List<Load.Result> m = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      r.add(Load.run("raw", CONCURRENCY, Duration.ZERO, measure, raw));
      m.add(Load.run("micro", CONCURRENCY, Duration.ZERO, measure, micro));
    }
    Load.Result rm = Load.median(r);
    Load.Result mm = Load.median(m);
    System.out.printf("%-15s raw %,9.0f ops/s (p99 %6.0f us)   micro %,9.0f ops/s (p99 %6.0f us)   ratio %.2f   errors %d/%d%n",
        what, rm.perSecond(), rm.p99Micros(), mm.perSecond(), mm.p99Micros(), mm.perSecond() / rm.perSecond(), rm.errors(), mm.errors());
  }

}
