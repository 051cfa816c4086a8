package dev.micro;

import dev.micro.registry.Node;
import java.lang.reflect.Type;

/**
 * Calls services by name. It looks the service up in the registry (cached and watched), picks a
 * node with the strategy, encodes the request with the codec for the content type, and sends it
 * over the transport the node advertises; a node in this JVM is called in-process. Deadlines and
 * metadata of the call being handled on this thread are passed on. Failed connects, and failures
 * of idempotent endpoints, are retried on another node within the deadline and a retry budget.
 * Safe for concurrent use.
 *
 * <pre>{@code
 * HelloReply r = client.call("greeter", "Greeter.Hello", HelloRequest.newBuilder().setName("Alice").build(), HelloReply.class);
 * Greeter g = client.stub(Greeter.class, "greeter");      // an interface of Reply method(Request)
 * }</pre>
 */
public interface Client extends AutoCloseable {

  /** Calls a unary endpoint with default options. */
  default <T> T call(String service, String endpoint, Object request, Class<T> responseType) {
    return call(service, endpoint, request, responseType, CallOptions.DEFAULT);
  }

  /** Calls a unary endpoint, decoding the response as {@code responseType}. */
  default <T> T call(String service, String endpoint, Object request, Class<T> responseType, CallOptions options) {
    return call(service, endpoint, request, (Type) responseType, options);
  }

  /**
   * Calls a unary endpoint; {@code responseType} may be generic ({@code List<Item>}).
   *
   * @throws MicroException with the service's error, NOT_FOUND for an unknown service,
   *     DEADLINE_EXCEEDED when the timeout passes
   */
  <T> T call(String service, String endpoint, Object request, Type responseType, CallOptions options);

  /**
   * Calls a unary endpoint with an already encoded body and returns the encoded response with the
   * node that answered and its response metadata; for tools and gateways.
   */
  RawResponse callRaw(String service, String endpoint, byte[] body, String contentType, CallOptions options);

  /**
   * Opens a stream to a streaming endpoint. For server streaming send one request and
   * {@link ClientStream#closeSend()}; for client streaming send many, close, and receive one.
   */
  <Req, Resp> ClientStream<Req, Resp> stream(String service, String endpoint, Class<Resp> responseType, CallOptions options);

  /**
   * Opens a stream that sends and receives encoded messages in {@code contentType} as they are;
   * for tools and gateways.
   */
  ClientStream<byte[], byte[]> streamRaw(String service, String endpoint, String contentType, CallOptions options);

  /** Opens a stream with default options. */
  default <Req, Resp> ClientStream<Req, Resp> stream(String service, String endpoint, Class<Resp> responseType) {
    return stream(service, endpoint, responseType, CallOptions.DEFAULT);
  }

  /**
   * A typed stub for an interface whose methods are {@code Reply method(Request)}: the endpoint
   * is {@code <Interface>.<Method>} with the method name capitalised, as {@code handle(...)}
   * names a plain object's endpoints; a method returning {@link ClientStream} with no parameter
   * opens a stream.
   */
  <T> T stub(Class<T> type, String service, CallOptions options);

  default <T> T stub(Class<T> type, String service) {
    return stub(type, service, CallOptions.DEFAULT);
  }

  @Override
  void close();

  /** An encoded response, the node that sent it and its metadata. */
  record RawResponse(byte[] body, String contentType, Metadata headers, Node node) {}
}
