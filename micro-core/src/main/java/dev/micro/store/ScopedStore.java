package dev.micro.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A store with another default scope over a shared one; closing it leaves the shared store open. */
final class ScopedStore implements Store {
  private final Store delegate;
  private final Scope scope;

  ScopedStore(Store delegate, Scope scope) {
    this.delegate = delegate instanceof ScopedStore s ? s.delegate : Objects.requireNonNull(delegate, "delegate");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  @Override
  public Scope scope() {
    return scope;
  }

  @Override
  public Optional<Record> read(Scope scope, String key) {
    return delegate.read(scope, key);
  }

  @Override
  public List<Record> read(Scope scope, Query query) {
    return delegate.read(scope, query);
  }

  @Override
  public void write(Scope scope, Record record) {
    delegate.write(scope, record);
  }

  @Override
  public void delete(Scope scope, String key) {
    delegate.delete(scope, key);
  }

  @Override
  public List<String> list(Scope scope, Query query) {
    return delegate.list(scope, query);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    // The shared store belongs to whoever opened it.
  }

  @Override
  public String toString() {
    return delegate.describe() + " " + scope;
  }
}
