package dev.micro;

/**
 * The sending side of a stream. {@link #send} may block while the peer is slow (flow control).
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Sink<T> {
  /**
   * Sends one message.
   *
   * @throws MicroException if the stream has failed or was cancelled
   */
  void send(T message);
}
