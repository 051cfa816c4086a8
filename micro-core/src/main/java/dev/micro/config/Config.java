package dev.micro.config;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Configuration merged from an ordered list of {@link ConfigSource}s, kept up to date.
 *
 * <p>Later sources override earlier ones key by key: sections merge, anything else replaces. When
 * a source reports a change, the config reads it again and swaps in the new merged tree at once.
 * A read that fails (a source throws, a file does not parse) changes nothing: the last good
 * config stays whole, and the error goes to the {@link #onError error listeners} and the log.
 *
 * <pre>{@code
 * try (Config config = Config.of(FileSource.of(Path.of("app.yaml")), EnvSource.of("APP_"))) {
 *   String url = config.get("db.url").asString();
 *   DbSettings db = config.bind("db", DbSettings.class);
 *   config.watch("db.url", (old, now) -> reconnect(now.asString()));
 * }
 * }</pre>
 *
 * <p>Safe for concurrent use. Listeners run one at a time, on the config's own thread for
 * changes a source reports, or on the thread that called {@link #reload()} or {@link #write}.
 * Closing the config closes its sources.
 */
public final class Config implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Config.class.getName());

  private record Listener(String path, BiConsumer<Value, Value> callback) {}

  private final List<ConfigSource> sources;
  private final List<Map<String, Object>> trees = new ArrayList<>(); // the last good tree of each source
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ConfigException>> errorListeners = new CopyOnWriteArrayList<>();
  private final List<Watch> sourceWatches = new ArrayList<>();
  private final BlockingQueue<Integer> changed = new LinkedBlockingQueue<>();
  private final Thread reloader;
  private volatile Map<String, Object> merged;
  private volatile boolean closed;

  private Config(List<ConfigSource> sources) {
    this.sources = List.copyOf(sources);
    try {
      // Watch before the first read, so that no change falls between the two.
      for (int i = 0; i < this.sources.size(); i++) {
        int index = i;
        this.sources.get(i).watch(() -> changed.offer(index)).ifPresent(sourceWatches::add);
      }
      for (ConfigSource s : this.sources) {
        trees.add(read(s));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    merged = Trees.merge(trees);
    reloader = Thread.ofVirtual().name("micro-config-reloader").start(this::reloadLoop);
  }

  /** A config over {@code sources}, lowest precedence first. Reads them all now. */
  public static Config of(ConfigSource... sources) {
    return of(List.of(sources));
  }

  /**
   * A config over {@code sources}, lowest precedence first. Reads them all now.
   *
   * @throws ConfigException if a source cannot be read; the sources are closed
   */
  public static Config of(List<ConfigSource> sources) {
    Objects.requireNonNull(sources, "sources");
    sources.forEach(s -> Objects.requireNonNull(s, "source"));
    return new Config(sources);
  }

  /**
   * The default sources, lowest precedence first: {@code micro.json} and {@code micro.yaml} (or
   * {@code micro.yml}) in {@code directory} if present and readable by an installed format, then
   * {@code MICRO_*} environment variables, then {@code micro.*} system properties.
   */
  public static List<ConfigSource> defaultSources(Path directory) {
    List<ConfigSource> out = new ArrayList<>();
    for (String name : List.of("micro.json", "micro.yaml", "micro.yml")) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file) && ConfigFormats.find(file).isPresent()) {
        out.add(FileSource.of(file));
      }
    }
    out.add(EnvSource.of("MICRO_"));
    out.add(SystemPropertiesSource.of("micro."));
    return out;
  }

  /** The value at a dotted path ({@code db.url}); the empty path is the whole tree. Never null. */
  public Value get(String path) {
    Objects.requireNonNull(path, "path");
    return new Value(path, Trees.lookup(merged, path));
  }

  /** The section at {@code path} bound to {@code type} (a record); see {@link Default}. */
  public <T> T bind(String path, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Binder.bind(get(path), type);
  }

  /** The whole merged tree, immutable. */
  public Map<String, Object> asMap() {
    return merged;
  }

  /** The sources, lowest precedence first. */
  public List<ConfigSource> sources() {
    return sources;
  }

  /**
   * Calls {@code listener} with the old and the new value each time the value at {@code path}
   * (or anything under it) changes, until the returned watch is closed.
   */
  public Watch watch(String path, BiConsumer<Value, Value> listener) {
    Listener l = new Listener(Objects.requireNonNull(path, "path"), Objects.requireNonNull(listener, "listener"));
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /** Calls {@code listener} with each failed reload; the config kept its last good values. */
  public Watch onError(Consumer<ConfigException> listener) {
    Objects.requireNonNull(listener, "listener");
    errorListeners.add(listener);
    return () -> errorListeners.remove(listener);
  }

  /**
   * Reads every source again and applies the result if all succeed.
   *
   * @throws ConfigException if one failed (after reporting it); nothing was changed
   */
  public void reload() {
    Set<Integer> all = new LinkedHashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      all.add(i);
    }
    ConfigException failure = reload(all);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Writes {@code value} at {@code path} to the writable source with the highest precedence, then
   * reads it back, so the next {@link #get} sees it (unless a later source overrides it).
   *
   * @throws IllegalStateException if no source is writable
   */
  public void write(String path, Object value) {
    for (int i = sources.size() - 1; i >= 0; i--) {
      if (sources.get(i).writable()) {
        sources.get(i).write(path, value);
        ConfigException failure = reload(Set.of(i));
        if (failure != null) {
          throw failure;
        }
        return;
      }
    }
    throw new IllegalStateException("no writable config source among " + sources.stream().map(ConfigSource::name).toList());
  }

  private void reloadLoop() {
    while (!closed) {
      Set<Integer> which = new LinkedHashSet<>();
      try {
        which.add(changed.take());
      } catch (InterruptedException e) {
        return;
      }
      changed.drainTo(which);
      reload(which);
    }
  }

  // All or nothing: every changed source must read, or the last good trees all stay.
  private ConfigException reload(Set<Integer> which) {
    lock.lock();
    try {
      if (closed) {
        return null;
      }
      List<Map<String, Object>> next = new ArrayList<>(trees);
      for (int i : which) {
        try {
          next.set(i, read(sources.get(i)));
        } catch (ConfigException e) {
          report(e);
          return e;
        }
      }
      Map<String, Object> old = merged;
      Map<String, Object> now = Trees.merge(next);
      trees.clear();
      trees.addAll(next);
      merged = now;
      notifyListeners(old, now);
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void notifyListeners(Map<String, Object> old, Map<String, Object> now) {
    if (old.equals(now)) {
      return;
    }
    for (Listener l : listeners) {
      Object before = Trees.lookup(old, l.path);
      Object after = Trees.lookup(now, l.path);
      if (!Objects.equals(before, after)) {
        try {
          l.callback.accept(new Value(l.path, before), new Value(l.path, after));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "config listener for '" + l.path + "' failed", e);
        }
      }
    }
  }

  private void report(ConfigException e) {
    LOG.log(Level.WARNING, "config reload failed, keeping the last good config: {0}", e.getMessage());
    for (Consumer<ConfigException> l : errorListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException x) {
        LOG.log(Level.WARNING, "config error listener failed", x);
      }
    }
  }

  private static Map<String, Object> read(ConfigSource source) {
    try {
      Map<String, Object> tree = source.read();
      return Trees.normalize(Objects.requireNonNull(tree, "tree"), true);
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException("", "config source " + source.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Stops watching, closes the sources; values read before stay readable. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    if (reloader != null) {
      reloader.interrupt();
    }
    sourceWatches.forEach(Watch::close);
    for (ConfigSource s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing config source " + s.name() + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Config" + sources.stream().map(ConfigSource::name).toList();
  }
}
