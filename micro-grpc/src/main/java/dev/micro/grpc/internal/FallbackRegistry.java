package dev.micro.grpc.internal;

import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts every full method name {@code /<anything>.<Handler>/<Method>} and routes it to endpoint
 * {@code Handler.Method}: go-micro clients put the service name where the proto package goes, so
 * the prefix carries no meaning here. Unknown endpoints still get a definition, whose handler
 * answers with the dispatcher's UNIMPLEMENTED error listing what exists.
 */
public final class FallbackRegistry extends HandlerRegistry {
  private static final int MAX_CACHED = 4096;

  private final Dispatcher dispatcher;
  private final MicroCallHandler unknown;
  private final ConcurrentHashMap<String, ServerMethodDefinition<byte[], byte[]>> known = new ConcurrentHashMap<>();

  public FallbackRegistry(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
    this.unknown = new MicroCallHandler(dispatcher, null);
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    ServerMethodDefinition<byte[], byte[]> def = known.get(methodName);
    if (def != null) {
      return def;
    }
    String endpoint = GrpcHeaders.endpoint(methodName);
    EndpointHandler h = endpoint == null ? null : dispatcher.find(endpoint).orElse(null);
    MethodDescriptor.MethodType type = h == null ? MethodDescriptor.MethodType.UNKNOWN : GrpcHeaders.methodType(h.type());
    // A known endpoint's handler holds it, so calls skip parsing and routing.
    MicroCallHandler handler = h == null ? unknown : new MicroCallHandler(dispatcher, h);
    def = ServerMethodDefinition.create(BytesMarshaller.method(methodName, type), handler);
    // Only known endpoints are cached, so that callers cannot grow the map with made-up names.
    if (h != null && known.size() < MAX_CACHED) {
      known.putIfAbsent(methodName, def);
    }
    return def;
  }
}
