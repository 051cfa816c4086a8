package dev.micro.local;

import dev.micro.Status;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryEvent;
import dev.micro.registry.RegistryEvent.Action;
import dev.micro.registry.ServiceRecord;
import dev.micro.registry.WatcherQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default registry ({@code file://}): processes on one host find each other through a
 * directory, with no server. Each node is one file, {@code <root>/<service>/<nodeId>.json}, holding
 * its expiry, the pid and host of its process and go-micro's service JSON with just that node.
 * Files are replaced atomically, so readers never see half a record.
 *
 * <p>Reads leave out (and delete) nodes whose TTL passed, and nodes whose process on this host is
 * gone, so a process killed with {@code SIGKILL} disappears at the next read instead of at its
 * TTL. Files that cannot be parsed are skipped with a warning.
 *
 * <p>Watching starts one virtual thread that rescans the tree every poll interval (250 ms by
 * default, sooner after a change made through this instance) and turns the differences into
 * events. Safe for concurrent use; several instances and processes may share one directory.
 *
 * <pre>{@code
 * try (Registry registry = FileRegistry.create(MicroHome.subdirectory("registry"))) {
 *   registry.register(service, Duration.ofSeconds(90));
 * }
 * }</pre>
 */
public final class FileRegistry implements Registry {
  /** How often watchers rescan the directory unless told otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  private static final System.Logger LOG = System.getLogger(FileRegistry.class.getName());

  private final Path root;
  private final Duration pollInterval;
  private final String url;
  private final NodeDirectory nodes;
  private final List<WatcherQueue> watchers = new CopyOnWriteArrayList<>();
  private final Semaphore wake = new Semaphore(0);
  private final ReentrantLock watchLock = new ReentrantLock();
  // guarded by watchLock: the nodes the watchers last heard of, by file
  private Map<Path, ServiceRecord> snapshot = Map.of();
  private Thread poller;
  private volatile boolean closed;

  private FileRegistry(Path root, Duration pollInterval, String url) {
    this.root = root;
    this.pollInterval = pollInterval;
    this.url = url;
    this.nodes = new NodeDirectory(root, NodeFile.Owner.current());
  }

  /** A registry on {@code root} (created if missing), polled every 250 ms while watched. */
  public static FileRegistry create(Path root) {
    return create(root, DEFAULT_POLL_INTERVAL);
  }

  /** A registry on {@code root} (created if missing), polled every {@code pollInterval} while watched. */
  public static FileRegistry create(Path root, Duration pollInterval) {
    Path dir = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    return create(dir, pollInterval, "file://" + dir.toUri().getPath());
  }

  static FileRegistry create(Path root, Duration pollInterval, String url) {
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: > 0)");
    }
    try {
      MicroHome.createDirectories(root);
    } catch (UncheckedIOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot create registry directory %s", root).withCause(e.getCause()).asException();
    }
    return new FileRegistry(root, pollInterval, url);
  }

  /** The directory holding the records. */
  public Path root() {
    return root;
  }

  @Override
  public void register(ServiceRecord service, Duration ttl) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    ensureOpen();
    long expires = System.currentTimeMillis() + ttl.toMillis();
    try {
      nodes.write(service, expires);
    } catch (IOException | UncheckedIOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot register %s in %s", service.name(), root).withCause(e).asException();
    }
    wake.release();
  }

  @Override
  public void deregister(ServiceRecord service) {
    Objects.requireNonNull(service, "service");
    try {
      nodes.delete(service);
    } catch (IOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot deregister %s in %s", service.name(), root).withCause(e).asException();
    }
    wake.release();
  }

  @Override
  public List<ServiceRecord> getService(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return byVersion(nodes.readService(name).values(), true);
    } catch (IOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot read %s in %s", name, root).withCause(e).asException();
    }
  }

  @Override
  public List<ServiceRecord> listServices() {
    try {
      return byVersion(nodes.readAll().values(), false);
    } catch (IOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot list services in %s", root).withCause(e).asException();
    }
  }

  /** One record per service name and version, with its nodes or without. */
  private static List<ServiceRecord> byVersion(Iterable<ServiceRecord> oneNodeRecords, boolean withNodes) {
    Map<List<String>, ServiceRecord> first = new LinkedHashMap<>();
    Map<List<String>, List<Node>> nodesByKey = new HashMap<>();
    for (ServiceRecord s : oneNodeRecords) {
      List<String> key = List.of(s.name(), s.version());
      first.putIfAbsent(key, s);
      nodesByKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(s.nodes());
    }
    List<ServiceRecord> out = new ArrayList<>();
    first.forEach((k, s) -> out.add(s.withNodes(withNodes ? nodesByKey.get(k) : List.of())));
    return out;
  }

  @Override
  public Watcher watch(Optional<String> service) {
    Objects.requireNonNull(service, "service");
    WatcherQueue w = new WatcherQueue(service, watchers::remove);
    watchLock.lock();
    try {
      ensureOpen();
      if (poller == null) {
        snapshot = nodes.readAll();
        poller = Thread.ofVirtual().name("micro-file-registry-watch").start(this::poll);
      } else {
        // bring the others up to date, so the new watcher starts from now
        publishChanges();
      }
      watchers.add(w);
    } catch (IOException e) {
      throw Status.UNAVAILABLE.withDescription("cannot watch %s", root).withCause(e).asException();
    } finally {
      watchLock.unlock();
    }
    return w;
  }

  private void poll() {
    while (!closed) {
      try {
        wake.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      watchLock.lock();
      try {
        // with no watcher nobody needs the events; watch() catches up before adding one
        if (!closed && !watchers.isEmpty()) {
          publishChanges();
        }
      } catch (IOException | RuntimeException e) {
        // keep the last snapshot: a failed scan must not read as every node gone
        LOG.log(Level.WARNING, "cannot scan registry directory " + root + "; will retry", e);
      } finally {
        watchLock.unlock();
      }
    }
  }

  /** Rescans and tells the watchers what changed since the last scan. Holds watchLock. */
  private void publishChanges() throws IOException {
    Map<Path, ServiceRecord> next = nodes.readAll();
    List<RegistryEvent> events = new ArrayList<>();
    next.forEach((file, now) -> {
      ServiceRecord before = snapshot.get(file);
      if (before == null) {
        events.add(new RegistryEvent(Action.CREATE, now));
      } else if (!before.equals(now)) {
        events.add(new RegistryEvent(Action.UPDATE, now));
      }
    });
    snapshot.forEach((file, before) -> {
      if (!next.containsKey(file)) {
        events.add(new RegistryEvent(Action.DELETE, before));
      }
    });
    snapshot = next;
    for (RegistryEvent e : events) {
      for (WatcherQueue w : watchers) {
        w.offer(e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("registry closed: " + url);
    }
  }

  @Override
  public String describe() {
    return url;
  }

  /** Stops watching and closes every watcher; registered nodes stay until they expire. */
  @Override
  public void close() {
    watchLock.lock();
    try {
      closed = true;
      wake.release();
    } finally {
      watchLock.unlock();
    }
    for (WatcherQueue w : watchers) {
      w.close();
    }
  }
}
