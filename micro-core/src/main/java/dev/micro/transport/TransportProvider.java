package dev.micro.transport;

import dev.micro.plugin.PluginProvider;

/**
 * Makes the server and client halves of one transport ({@code grpc}, {@code http}). Its
 * {@link #scheme()} is the transport's name, which nodes advertise in their {@code transport}
 * metadata. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.micro.transport.TransportProvider}).
 */
public interface TransportProvider extends PluginProvider {
  ServerTransport newServer(TransportOptions options);

  ClientTransport newClient(TransportOptions options);

  /**
   * Whether this transport's halves honour {@link TransportOptions#tls()}. A service given TLS
   * refuses to start on a transport that would ignore it.
   */
  default boolean supportsTls() {
    return false;
  }

  /** The {@code protocol} node metadata this transport's servers advertise ({@code grpc} or {@code mucp}). */
  default String protocol() {
    return scheme();
  }
}
