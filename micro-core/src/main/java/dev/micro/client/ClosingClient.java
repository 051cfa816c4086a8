package dev.micro.client;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.registry.Registry;
import java.lang.reflect.Type;

/** A client that also closes the registry it was built with. */
final class ClosingClient implements Client {
  private final DiscoveryClient delegate;
  private final Registry registry;

  ClosingClient(DiscoveryClient delegate, Registry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public <T> T call(String service, String endpoint, Object request, Type responseType, CallOptions options) {
    return delegate.call(service, endpoint, request, responseType, options);
  }

  @Override
  public RawResponse callRaw(String service, String endpoint, byte[] body, String contentType, CallOptions options) {
    return delegate.callRaw(service, endpoint, body, contentType, options);
  }

  @Override
  public <Req, Resp> ClientStream<Req, Resp> stream(String service, String endpoint, Class<Resp> responseType, CallOptions options) {
    return delegate.stream(service, endpoint, responseType, options);
  }

  @Override
  public ClientStream<byte[], byte[]> streamRaw(String service, String endpoint, String contentType, CallOptions options) {
    return delegate.streamRaw(service, endpoint, contentType, options);
  }

  @Override
  public <T> T stub(Class<T> type, String service, CallOptions options) {
    return Stubs.create(this, type, service, options);
  }

  /** The registry this client discovers services in. */
  public Registry registry() {
    return registry;
  }

  @Override
  public void close() {
    delegate.close();
    registry.close();
  }
}
