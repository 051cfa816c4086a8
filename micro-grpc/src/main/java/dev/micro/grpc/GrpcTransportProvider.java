package dev.micro.grpc;

import dev.micro.transport.ClientTransport;
import dev.micro.transport.ServerTransport;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;

/**
 * The {@code grpc} transport ({@code MICRO_TRANSPORT=grpc}), Micro's default: servers advertise
 * {@code protocol=grpc}, so go-micro's gRPC client and any standard gRPC stub can call them.
 */
public final class GrpcTransportProvider implements TransportProvider {
  @Override
  public String scheme() {
    return "grpc";
  }

  @Override
  public String protocol() {
    return "grpc";
  }

  /** Mutual TLS through {@link TransportOptions#tls()}. */
  @Override
  public boolean supportsTls() {
    return true;
  }

  @Override
  public String module() {
    return "micro-grpc";
  }

  @Override
  public ServerTransport newServer(TransportOptions options) {
    return new GrpcServerTransport(options);
  }

  @Override
  public ClientTransport newClient(TransportOptions options) {
    return new GrpcClientTransport(options);
  }
}
