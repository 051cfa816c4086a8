package dev.micro.http;

import dev.micro.transport.ClientTransport;
import dev.micro.transport.ServerTransport;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;

/**
 * Provides the {@code http} transport: {@link HttpServerTransport} and
 * {@link HttpClientTransport}, speaking go-micro's HTTP protocol, which nodes advertise as
 * {@code protocol=mucp}. Found with {@link java.util.ServiceLoader}.
 */
public final class HttpTransportProvider implements TransportProvider {
  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public String protocol() {
    return "mucp";
  }

  @Override
  public String module() {
    return "micro-http";
  }

  @Override
  public ServerTransport newServer(TransportOptions options) {
    return new HttpServerTransport(options);
  }

  @Override
  public ClientTransport newClient(TransportOptions options) {
    return new HttpClientTransport(options);
  }
}
