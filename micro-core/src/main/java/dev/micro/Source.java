package dev.micro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The receiving side of a stream. {@link #receive()} blocks (cheaply, on a virtual thread) until a
 * message arrives or the other side finishes. Iterating it receives until the end. For one
 * consumer thread.
 */
public interface Source<T> extends Iterable<T> {
  /**
   * The next message, or empty once the sender has finished.
   *
   * @throws MicroException if the stream failed (the peer's error, a cancellation, a deadline)
   */
  Optional<T> receive();

  @Override
  default Iterator<T> iterator() {
    return new Iterator<>() {
      private Optional<T> next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = receive();
        }
        return next.isPresent();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T v = next.get();
        next = null;
        return v;
      }
    };
  }
}
