package dev.micro.grpc;

import dev.micro.codec.Codecs;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.transport.TransportOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Micro gRPC server on a free loopback port and a plain grpc-java channel to it. */
final class TestServer implements AutoCloseable {
  final Dispatcher dispatcher;
  final GrpcServerTransport server = new GrpcServerTransport(TransportOptions.defaults());
  final String address;
  final ManagedChannel channel;

  TestServer(List<EndpointHandler> endpoints) throws IOException {
    dispatcher = new Dispatcher("echo", endpoints, Codecs.load(), List.of(), 4 * 1024 * 1024);
    address = "127.0.0.1:" + server.start("127.0.0.1", 0, dispatcher).getPort();
    channel = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(1));
  }
}
