package dev.micro.internal;

/**
 * What a subscription's or consumer's delivery thread does around a user's handler, so that a
 * handler cannot end the thread that serves every later message.
 */
public final class DeliveryThreads {
  private DeliveryThreads() {}

  /**
   * Rethrows {@code t} if it must end the thread: a {@link VirtualMachineError} other than a
   * {@link StackOverflowError} (the JVM itself is failing). Anything else thrown by a handler,
   * a deep recursion included, fails that one delivery.
   */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
      throw e;
    }
  }

  /**
   * After a handler: an interrupt it left on the thread (set, or thrown as
   * {@link InterruptedException}) is cleared while the subscription is still active, since the
   * thread is the subscription's and not the handler's; once the subscription is stopping the
   * interrupt is kept, so that the thread's own waits end.
   */
  public static void afterHandler(boolean threwInterrupted, boolean active) {
    boolean interrupted = Thread.interrupted() || threwInterrupted;
    if (interrupted && !active) {
      Thread.currentThread().interrupt();
    }
  }
}
