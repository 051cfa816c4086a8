package dev.micro.config;

/** A registration (a listener, a source's watch) that ends when closed. Closing twice is harmless. */
@FunctionalInterface
public interface Watch extends AutoCloseable {
  /** Stops the notifications; does not throw. */
  @Override
  void close();
}
