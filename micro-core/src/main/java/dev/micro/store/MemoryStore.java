package dev.micro.store;

import dev.micro.MicroException;
import dev.micro.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A store in this process's memory: a sorted map per scope. Expired records are skipped on read
 * and dropped when met. Safe for concurrent use; what it holds is gone when the process ends.
 */
public final class MemoryStore implements Store {
  private final Map<Scope, ConcurrentSkipListMap<String, Record>> tables = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** An empty store. */
  public MemoryStore() {}

  @Override
  public Scope scope() {
    return Scope.DEFAULT;
  }

  @Override
  public Optional<Record> read(Scope scope, String key) {
    Record.requireKey(key);
    ConcurrentSkipListMap<String, Record> t = table(scope, false);
    Record r = t == null ? null : t.get(key);
    if (r == null) {
      return Optional.empty();
    }
    if (r.isExpired(Instant.now())) {
      t.remove(key, r);
      return Optional.empty();
    }
    return Optional.of(r);
  }

  @Override
  public List<Record> read(Scope scope, Query query) {
    return query.page(matching(scope, query));
  }

  @Override
  public void write(Scope scope, Record record) {
    Objects.requireNonNull(record, "record");
    table(scope, true).put(record.key(), record);
  }

  @Override
  public void delete(Scope scope, String key) {
    Record.requireKey(key);
    ConcurrentSkipListMap<String, Record> t = table(scope, false);
    if (t != null) {
      t.remove(key);
    }
  }

  @Override
  public List<String> list(Scope scope, Query query) {
    return query.page(matching(scope, query)).stream().map(Record::key).toList();
  }

  @Override
  public String describe() {
    return "memory://";
  }

  @Override
  public void close() {
    closed = true;
    tables.clear();
  }

  private List<Record> matching(Scope scope, Query query) {
    Objects.requireNonNull(query, "query");
    ConcurrentSkipListMap<String, Record> t = table(scope, false);
    if (t == null) {
      return List.of();
    }
    ConcurrentNavigableMap<String, Record> range = t;
    if (!query.prefix().isEmpty()) {
      Optional<String> upper = query.prefixUpperBound();
      range = upper.isPresent() ? t.subMap(query.prefix(), upper.get()) : t.tailMap(query.prefix());
    }
    Instant now = Instant.now();
    List<Record> out = new ArrayList<>();
    for (Record r : range.values()) {
      if (r.isExpired(now)) {
        t.remove(r.key(), r);
      } else if (query.matches(r.key())) {
        out.add(r);
      }
    }
    return out;
  }

  private ConcurrentSkipListMap<String, Record> table(Scope scope, boolean create) {
    Objects.requireNonNull(scope, "scope");
    if (closed) {
      throw new MicroException(Status.FAILED_PRECONDITION.withDescription("store is closed"));
    }
    return create ? tables.computeIfAbsent(scope, s -> new ConcurrentSkipListMap<>(Query.KEY_ORDER)) : tables.get(scope);
  }
}
