package dev.micro.grpc;

import dev.micro.grpc.internal.GeneratedEndpoint;
import dev.micro.server.EndpointHandler;
import dev.micro.server.HandlerAdapter;
import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Serves generated gRPC services ({@code XxxImplBase} subclasses, or any {@link BindableService}
 * or {@link ServerServiceDefinition}) as Micro endpoints. Service {@code greeter.Greeter} with
 * method {@code Hello} becomes endpoint {@code Greeter.Hello}; the call type, request and response
 * message classes come from the method descriptors, and streaming endpoints carry metadata
 * {@code stream=true}.
 *
 * <pre>{@code
 * Micro.service("greeter").handle(new GreeterImpl()).start();   // GreeterImpl extends GreeterImplBase
 * }</pre>
 *
 * <p>Errors the service reports with {@code onError(Status.X.asRuntimeException())} reach callers
 * with the same code. Stateless; safe for concurrent use.
 */
public final class GrpcHandlerAdapter implements HandlerAdapter {

  @Override
  public boolean supports(Object handler) {
    return handler instanceof BindableService || handler instanceof ServerServiceDefinition;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public List<EndpointHandler> adapt(Object handler) {
    ServerServiceDefinition definition = switch (handler) {
      case ServerServiceDefinition d -> d;
      case BindableService b -> b.bindService();
      default -> throw new IllegalArgumentException("handler " + handler.getClass().getName()
          + " is not a gRPC service (expected a BindableService or a ServerServiceDefinition)");
    };
    String service = definition.getServiceDescriptor().getName();
    String handlerName = service.substring(service.lastIndexOf('.') + 1);
    List<EndpointHandler> out = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
      out.add(new GeneratedEndpoint<>(handlerName, m));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("gRPC service " + service + " has no methods");
    }
    out.sort(Comparator.comparing(EndpointHandler::name));
    return out;
  }
}
