package dev.micro;

import java.util.Optional;

/**
 * What the call being handled on this thread carries: the caller's metadata and deadline, and
 * the service and endpoint called. Handlers read it; the client reads it so that a handler's
 * onward calls inherit the deadline and metadata without passing them by hand.
 *
 * <p>Handlers run one per virtual thread, so the context is a thread-local set for the span of
 * the handler.
 */
public record CallContext(String service, String endpoint, Metadata metadata, Deadline deadline) {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  /** The context of the call handled on this thread, if any. */
  public static Optional<CallContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The deadline of the call handled on this thread, if it has one. */
  public static Optional<Deadline> currentDeadline() {
    CallContext c = CURRENT.get();
    return c == null ? Optional.empty() : Optional.ofNullable(c.deadline);
  }

  /** The metadata of the call handled on this thread, or empty metadata. */
  public static Metadata currentMetadata() {
    CallContext c = CURRENT.get();
    return c == null ? Metadata.empty() : c.metadata;
  }

  /** Makes this the current context until the returned scope closes. */
  public Scope attach() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Restores the previous context when closed. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
