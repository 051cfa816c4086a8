package dev.micro;

import dev.micro.registry.Value;
import dev.micro.server.EndpointHandler;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** An endpoint with metadata added by the service builder, such as {@code idempotent}. */
record MarkedEndpoint(EndpointHandler delegate, Map<String, String> metadata) implements EndpointHandler {
  static EndpointHandler idempotent(EndpointHandler e) {
    Map<String, String> md = new LinkedHashMap<>(e.metadata());
    md.put("idempotent", "true");
    return new MarkedEndpoint(e, Map.copyOf(md));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CallType type() {
    return delegate.type();
  }

  @Override
  public Type requestType() {
    return delegate.requestType();
  }

  @Override
  public Type responseType() {
    return delegate.responseType();
  }

  @Override
  public Value requestShape() {
    return delegate.requestShape();
  }

  @Override
  public Value responseShape() {
    return delegate.responseShape();
  }

  @Override
  public Object unary(Object request) throws Exception {
    return delegate.unary(request);
  }

  @Override
  public void stream(Source<Object> in, Sink<Object> out) throws Exception {
    delegate.stream(in, out);
  }
}
