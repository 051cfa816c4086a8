package dev.micro.server;

import dev.micro.CallType;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.registry.Value;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * One endpoint of a service, {@code Handler.Method}, as the server runs it. Made by a
 * {@link HandlerAdapter} from what the user passed to {@code handle(...)}: a plain object, a
 * generated gRPC service, or a lambda.
 */
public interface EndpointHandler {
  /** {@code Handler.Method}, such as {@code Greeter.Hello}. */
  String name();

  CallType type();

  /** The type the request decodes into. */
  Type requestType();

  /** The type of the response messages. */
  Type responseType();

  /** Registered endpoint metadata: {@code stream}, {@code idempotent}, ... */
  Map<String, String> metadata();

  /** The request's shape for {@code micro describe}. */
  Value requestShape();

  /** The response's shape for {@code micro describe}. */
  Value responseShape();

  /** Runs a unary call. Only called when {@link #type()} is {@link CallType#UNARY}. */
  Object unary(Object request) throws Exception;

  /**
   * Runs a streaming call. For server streaming {@code in} yields exactly one message; for client
   * streaming the handler sends exactly one message to {@code out}.
   */
  void stream(Source<Object> in, Sink<Object> out) throws Exception;
}
