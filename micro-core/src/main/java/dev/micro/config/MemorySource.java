package dev.micro.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tree held in memory, for tests and for values set by the program. Writable: {@link #write}
 * sets one path, {@link #replace} the whole tree; both notify watchers at once. Safe for
 * concurrent use.
 */
public final class MemorySource implements ConfigSource {
  private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
  private volatile Map<String, Object> tree;

  private MemorySource(Map<String, Object> tree) {
    this.tree = tree;
  }

  /** An empty source. */
  public static MemorySource create() {
    return new MemorySource(Map.of());
  }

  /** A source holding {@code tree} (nested maps, or dotted keys). */
  public static MemorySource of(Map<String, ?> tree) {
    return new MemorySource(Trees.normalize(Objects.requireNonNull(tree, "tree"), true));
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Map<String, Object> read() {
    return tree;
  }

  @Override
  public Optional<Watch> watch(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    watchers.add(onChange);
    return Optional.of(() -> watchers.remove(onChange));
  }

  @Override
  public boolean writable() {
    return true;
  }

  /** Sets {@code value} (a scalar, a list or a map) at {@code path}; null removes it. */
  @Override
  public void write(String path, Object value) {
    Objects.requireNonNull(path, "path");
    synchronized (this) {
      tree = Trees.with(tree, path, value);
    }
    watchers.forEach(Runnable::run);
  }

  /** Replaces the whole tree. */
  public void replace(Map<String, ?> tree) {
    this.tree = Trees.normalize(Objects.requireNonNull(tree, "tree"), true);
    watchers.forEach(Runnable::run);
  }

  @Override
  public String toString() {
    return name();
  }
}
