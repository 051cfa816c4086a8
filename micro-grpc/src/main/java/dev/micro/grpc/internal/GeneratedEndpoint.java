package dev.micro.grpc.internal;

import com.google.protobuf.Message;
import dev.micro.CallContext;
import dev.micro.CallType;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.protobuf.ProtoShapes;
import dev.micro.registry.Value;
import dev.micro.server.EndpointHandler;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One method of a generated gRPC service as a Micro endpoint. The generated code is driven
 * through its own {@link ServerCallHandler} with a {@link BridgeCall}, so all four call shapes work
 * without knowing how the code was generated. Protobuf messages pass as they are; a method with
 * another marshaller takes and returns {@code byte[]} run through that marshaller.
 */
public final class GeneratedEndpoint<ReqT, RespT> implements EndpointHandler {
  private static final Thread.Builder PUMPS = Thread.ofVirtual().name("micro-grpc-pump");

  private final String name;
  private final CallType type;
  private final MethodDescriptor<ReqT, RespT> method;
  private final ServerCallHandler<ReqT, RespT> handler;
  private final Class<?> requestClass;
  private final Class<?> responseClass;

  /** The endpoint {@code handlerName.Method} for one method definition. */
  public GeneratedEndpoint(String handlerName, ServerMethodDefinition<ReqT, RespT> definition) {
    this.method = definition.getMethodDescriptor();
    this.handler = definition.getServerCallHandler();
    this.name = handlerName + "." + method.getBareMethodName();
    this.type = GrpcHeaders.callType(method.getType());
    this.requestClass = messageClass(method.getRequestMarshaller());
    this.responseClass = messageClass(method.getResponseMarshaller());
  }

  private static Class<?> messageClass(MethodDescriptor.Marshaller<?> m) {
    if (m instanceof MethodDescriptor.PrototypeMarshaller<?> p && p.getMessagePrototype() instanceof Message msg) {
      return msg.getClass();
    }
    return byte[].class;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CallType type() {
    return type;
  }

  @Override
  public Type requestType() {
    return requestClass;
  }

  @Override
  public Type responseType() {
    return responseClass;
  }

  @Override
  public Map<String, String> metadata() {
    return type.isStreaming() ? Map.of("stream", "true") : Map.of();
  }

  @Override
  public Value requestShape() {
    return shape(requestClass);
  }

  @Override
  public Value responseShape() {
    return shape(responseClass);
  }

  private static Value shape(Class<?> c) {
    return c == byte[].class ? Value.of("bytes", "bytes") : ProtoShapes.of(c);
  }

  @Override
  public Object unary(Object request) throws Exception {
    List<Object> responses = new ArrayList<>(1);
    BridgeCall<ReqT, RespT> call = new BridgeCall<>(method, responses::add, this::toWire);
    ServerCall.Listener<ReqT> listener = handler.startCall(call, new Metadata());
    try {
      listener.onReady();
      listener.onMessage(fromWire(request));
      listener.onHalfClose();
      call.awaitEnd();
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e.getStatus(), e.getTrailers());
    } catch (InterruptedException e) {
      listener.onCancel();
      throw e;
    }
    listener.onComplete();
    if (responses.size() != 1) {
      throw new MicroException(Status.INTERNAL.withDescription("%s sent %d responses to a unary call", name, responses.size()));
    }
    return responses.get(0);
  }

  @Override
  public void stream(Source<Object> in, Sink<Object> out) throws Exception {
    BridgeCall<ReqT, RespT> call = new BridgeCall<>(method, out, this::toWire);
    ServerCall.Listener<ReqT> listener = handler.startCall(call, new Metadata());
    listener.onReady();
    // Input is pumped on its own thread, so that the service can end the call while the caller is
    // still sending, and the caller's messages reach it only as fast as it asks for them.
    CallContext context = CallContext.current().orElse(null);
    Thread pump = PUMPS.start(() -> pump(context, call, listener, in));
    try {
      call.awaitEnd();
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e.getStatus(), e.getTrailers());
    } finally {
      pump.interrupt();
      pump.join();
      if (call.isCancelled()) {
        listener.onCancel();
      } else {
        listener.onComplete();
      }
    }
  }

  private void pump(CallContext context, BridgeCall<ReqT, RespT> call, ServerCall.Listener<ReqT> listener, Source<Object> in) {
    CallContext.Scope scope = context == null ? () -> { } : context.attach();
    try (scope) {
      while (call.awaitDemand()) {
        var next = in.receive();
        if (next.isEmpty()) {
          listener.onHalfClose();
          return;
        }
        listener.onMessage(fromWire(next.get()));
      }
    } catch (InterruptedException e) {
      // the call ended; nothing more to feed
    } catch (MicroException e) {
      if (!call.isClosed()) {
        call.fail(e);
      }
    } catch (StatusRuntimeException e) {
      call.fail(GrpcErrors.fromStatus(e.getStatus(), e.getTrailers()));
    } catch (RuntimeException e) {
      call.fail(new MicroException(Status.INTERNAL.withDescription("internal error in %s", name).withCause(e)));
    }
  }

  @SuppressWarnings("unchecked")
  private ReqT fromWire(Object request) {
    if (requestClass == byte[].class) {
      return method.parseRequest(new ByteArrayInputStream((byte[]) request));
    }
    return (ReqT) request;
  }

  private Object toWire(RespT response) {
    if (responseClass == byte[].class) {
      try {
        return method.streamResponse(response).readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return response;
  }
}
