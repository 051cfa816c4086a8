package dev.micro.transport;

import dev.micro.server.Dispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The listening half of a transport. It accepts calls, runs each on its own virtual thread through
 * the {@link Dispatcher}, and turns errors into the wire's error form (go-micro's error JSON).
 */
public interface ServerTransport {
  /** The transport's name, as in node metadata. */
  String name();

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving.
   *
   * @return the address bound
   */
  InetSocketAddress start(String host, int port, Dispatcher dispatcher) throws IOException;

  /**
   * Stops accepting calls and closes. Calls still running after {@code grace} are cancelled. The
   * service drains its dispatcher before calling this.
   */
  void stop(Duration grace);
}
