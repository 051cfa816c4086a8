package dev.micro.grpc;

import dev.micro.testing.TransportContract;
import dev.micro.transport.TransportProvider;

class GrpcTransportContractTest extends TransportContract {
  @Override
  protected TransportProvider provider() {
    return new GrpcTransportProvider();
  }
}
