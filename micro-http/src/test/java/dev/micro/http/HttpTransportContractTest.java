package dev.micro.http;

import dev.micro.testing.TransportContract;
import dev.micro.transport.TransportProvider;

/** The HTTP transport against the contract every transport meets; streams need gRPC for now. */
class HttpTransportContractTest extends TransportContract {
  @Override
  protected TransportProvider provider() {
    return new HttpTransportProvider();
  }

  @Override
  protected boolean supportsStreaming() {
    return false;
  }
}
