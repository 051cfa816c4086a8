package dev.micro.etcd;

import dev.micro.config.ConfigSource;
import dev.micro.config.Watch;
import dev.micro.internal.Json;
import dev.micro.plugin.PluginUri;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Configuration in etcd under a key prefix ({@code etcd://host:2379/micro/config}, the default
 * prefix): each key below it is a path, its segments split on {@code /}, so
 * {@code /micro/config/db/url} is {@code db.url}. A value that parses as JSON is that JSON (a
 * number, a boolean, a list, an object whose keys continue the path); anything else is a string.
 * A key that is both a value and a section ({@code .../db} and {@code .../db/url}) makes the
 * source unreadable until one goes; the config keeps its last good values meanwhile.
 *
 * <p>Watched with an etcd watch on the prefix. While the server cannot be reached the watch is
 * established again every second or so; once it is, the source reports a change, so that a
 * change made during the outage is read. Writable: {@link #write} puts one key per leaf value.
 * Every call waits at most the client timeout ({@code ?timeout=5s}). Safe for concurrent use.
 */
public final class EtcdConfigSource implements ConfigSource {
  static final String DEFAULT_PREFIX = "/micro/config/";
  private static final System.Logger LOG = System.getLogger(EtcdConfigSource.class.getName());
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Etcd etcd;
  private final String prefix;
  private final String url;

  private EtcdConfigSource(Etcd etcd, String prefix, String url) {
    this.etcd = etcd;
    this.prefix = prefix;
    this.url = url;
  }

  /** A source on the servers and under the prefix (the URL's path) of {@code uri}. */
  public static EtcdConfigSource create(PluginUri uri) {
    String path = uri.path().isEmpty() || uri.path().equals("/") ? DEFAULT_PREFIX : uri.path();
    String prefix = path.endsWith("/") ? path : path + "/";
    return new EtcdConfigSource(Etcd.connect(uri), prefix, uri.toString());
  }

  /** A source on the etcd server at {@code host:port} under {@code prefix}. */
  public static EtcdConfigSource create(String hostPort, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return create(PluginUri.parse("etcd://" + Objects.requireNonNull(hostPort, "hostPort") + (prefix.startsWith("/") ? "" : "/") + prefix));
  }

  /** The key prefix, ending in {@code /}. */
  public String prefix() {
    return prefix;
  }

  @Override
  public String name() {
    return "etcd:" + url;
  }

  @Override
  public Map<String, Object> read() {
    GetResponse r = etcd.await(etcd.client.getKVClient().get(Etcd.bytes(prefix), GetOption.builder().isPrefix(true).build()), "read " + prefix);
    Map<String, Object> flat = new LinkedHashMap<>();
    for (KeyValue kv : r.getKvs()) {
      String path = path(Etcd.text(kv.getKey()));
      if (!path.isEmpty()) {
        flat.put(path, value(Etcd.text(kv.getValue())));
      }
    }
    return flat;
  }

  private String path(String key) {
    List<String> parts = new ArrayList<>();
    for (String s : key.substring(prefix.length()).split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    return String.join(".", parts);
  }

  private static Object value(String text) {
    try {
      return Json.parse(text.trim());
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  @Override
  public Optional<Watch> watch(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    Thread keeper = Thread.ofVirtual().name("micro-etcd-config-watch").start(() -> keepWatching(onChange));
    return Optional.of(keeper::interrupt);
  }

  // One etcd watch at a time; when it fails, a new one from the current revision, then a re-read.
  private void keepWatching(Runnable onChange) {
    boolean resumed = false;
    while (!Thread.currentThread().isInterrupted()) {
      CompletableFuture<Void> ended = new CompletableFuture<>();
      try {
        long revision = etcd.awaitInterruptibly(etcd.client.getKVClient().get(Etcd.bytes(prefix),
            GetOption.builder().isPrefix(true).withCountOnly(true).build()), "read " + prefix).getHeader().getRevision();
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision + 1).build();
        try (io.etcd.jetcd.Watch.Watcher w = etcd.client.getWatchClient().watch(Etcd.bytes(prefix), option,
            io.etcd.jetcd.Watch.listener(response -> onChange.run(), ended::completeExceptionally, () -> ended.complete(null)))) {
          if (resumed) {
            onChange.run(); // whatever changed while the watch was down
          }
          resumed = true;
          ended.get();
        }
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | RuntimeException e) {
        LOG.log(Level.DEBUG, "etcd config watch on {0} ended: {1}", prefix, e.getMessage());
        resumed = true;
      }
      try {
        Thread.sleep(RETRY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public boolean writable() {
    return true;
  }

  /**
   * Puts {@code value} at {@code path}: a map becomes one key per leaf, anything else one key
   * holding its JSON (a string as is, unless it would read back as another JSON value); null
   * deletes the key and everything under it. One transaction, so watchers see a single change.
   */
  @Override
  public void write(String path, Object value) {
    Objects.requireNonNull(path, "path");
    String key = prefix + String.join("/", path.split("\\."));
    List<Op> ops = new ArrayList<>();
    if (value == null) {
      ops.add(Op.delete(Etcd.bytes(key), DeleteOption.DEFAULT));
      ops.add(Op.delete(Etcd.bytes(key + "/"), DeleteOption.builder().isPrefix(true).build()));
    } else {
      puts(key, value, ops);
    }
    etcd.await(etcd.client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit(), "write " + key);
  }

  private static void puts(String key, Object value, List<Op> ops) {
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> puts(key + "/" + k, v, ops));
      return;
    }
    ops.add(Op.put(Etcd.bytes(key), Etcd.bytes(encode(value)), PutOption.DEFAULT));
  }

  /** The text stored for {@code value}: strings raw where that reads back as the same string. */
  static String encode(Object value) {
    if (value instanceof String s && value(s).equals(s)) {
      return s;
    }
    return Json.write(value);
  }

  @Override
  public void close() {
    etcd.close();
  }

  @Override
  public String toString() {
    return name();
  }
}
