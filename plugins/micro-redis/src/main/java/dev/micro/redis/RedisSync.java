package dev.micro.redis;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.PollingSync;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Locks and leader election on one Redis server: a lock is the key {@code micro:sync:<key>}
 * holding {@code <client>:<token>} with a millisecond expiry, set only if absent; the fencing
 * token comes from {@code INCR micro:sync:<key>:token} in the same script, so it grows every time
 * the lock changes hands. Renewal and release are compare-and-set scripts on the value. Not safe
 * across a Redis failover (a replica may not have the key yet): use etcd or PostgreSQL for that.
 * Waiting, renewal and leader election are {@link PollingSync}'s. Safe for concurrent use.
 */
public final class RedisSync extends PollingSync {
  private static final String ACQUIRE = """
      if redis.call('exists', KEYS[1]) == 1 then return -1 end
      local t = redis.call('incr', KEYS[2])
      redis.call('set', KEYS[1], ARGV[1] .. ':' .. t, 'PX', ARGV[2])
      return t""";
  private static final String RENEW = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
      return 0""";
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
      return 0""";

  private final RedisClients.Opened<String, String> opened;
  private final RedisCommands<String, String> redis;
  private final String client = UUID.randomUUID().toString();

  private RedisSync(RedisClients.Opened<String, String> opened, String url) {
    super(url);
    this.opened = opened;
    this.redis = opened.connection().sync();
  }

  /** A client for {@code redis://host:6379[/db]?timeout=5s}. */
  public static RedisSync create(PluginUri uri) {
    return new RedisSync(RedisClients.open(uri, StringCodec.UTF8, "sync"), uri.toString());
  }

  private static String redisKey(String key) {
    return "micro:sync:" + key;
  }

  private static String millis(Duration ttl) {
    return Long.toString(Math.max(1, ttl.toMillis()));
  }

  @Override
  protected OptionalLong tryAcquire(String key, Duration ttl) {
    Long t = call(() -> redis.eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {redisKey(key), redisKey(key) + ":token"},
        client, millis(ttl)));
    return t != null && t > 0 ? OptionalLong.of(t) : OptionalLong.empty();
  }

  @Override
  protected boolean renew(String key, long token, Duration ttl) {
    Long n = call(() -> redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {redisKey(key)}, client + ":" + token, millis(ttl)));
    return n != null && n == 1;
  }

  @Override
  protected boolean release(String key, long token) {
    Long n = call(() -> redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {redisKey(key)}, client + ":" + token));
    return n != null && n == 1;
  }

  @Override
  protected void closeBackend() {
    opened.close();
  }

  private <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisConnectionException | RedisCommandTimeoutException e) {
      throw failure(Status.UNAVAILABLE, e);
    } catch (RedisException e) {
      throw failure(opened.connection().isOpen() ? Status.INTERNAL : Status.UNAVAILABLE, e);
    }
  }

  private MicroException failure(Status s, RuntimeException e) {
    return new MicroException(s.withDescription("redis sync %s: %s", describe(), e.getMessage()).withCause(e), "micro.sync");
  }
}
