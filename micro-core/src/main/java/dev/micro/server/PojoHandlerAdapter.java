package dev.micro.server;

import dev.micro.CallType;
import dev.micro.Idempotent;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.registry.Value;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exposes a plain Java object's public methods as endpoints named {@code Handler.Method}: the
 * handler name is the class's simple name less a trailing {@code Handler}, the method name is
 * capitalised ({@code GreeterHandler.hello} is {@code Greeter.Hello}). Messages are encoded with
 * the content type the caller chose, JSON by default.
 *
 * <p>Method shapes:
 * <ul>
 *   <li>{@code Reply m(Request)}: unary
 *   <li>{@code void m(Request, Sink<Reply>)}: server streaming
 *   <li>{@code Reply m(Source<Request>)}: client streaming
 *   <li>{@code void m(Source<Request>, Sink<Reply>)}: bidirectional streaming
 * </ul>
 * Other public methods are not endpoints.
 */
public final class PojoHandlerAdapter implements HandlerAdapter {

  @Override
  public boolean supports(Object handler) {
    return true;
  }

  @Override
  public int priority() {
    return -100;
  }

  /** The endpoint prefix for a handler class. */
  public static String handlerName(Class<?> type) {
    String n = type.getSimpleName();
    if (n.endsWith("Handler") && n.length() > "Handler".length()) {
      n = n.substring(0, n.length() - "Handler".length());
    }
    return n;
  }

  @Override
  public List<EndpointHandler> adapt(Object handler) {
    return adapt(handlerName(handler.getClass()), handler);
  }

  /** The endpoints of {@code handler}, named {@code name.Method}; it must have at least one. */
  public List<EndpointHandler> adapt(String name, Object handler) {
    List<EndpointHandler> out = endpoints(name, handler);
    if (out.isEmpty()) {
      throw new IllegalArgumentException("handler " + handler.getClass().getName()
          + " has no endpoint methods (expected public methods such as 'Reply hello(Request)')");
    }
    return out;
  }

  /** The endpoints of {@code handler}, named {@code name.Method}; empty when it has none. */
  public List<EndpointHandler> endpoints(String name, Object handler) {
    List<EndpointHandler> out = new ArrayList<>();
    Method[] methods = handler.getClass().getMethods();
    java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method m : methods) {
      if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
        continue;
      }
      EndpointHandler e = endpoint(name, handler, m);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static EndpointHandler endpoint(String handlerName, Object target, Method m) {
    Type[] params = m.getGenericParameterTypes();
    Class<?>[] raw = m.getParameterTypes();
    boolean returnsVoid = m.getReturnType() == void.class;
    CallType type;
    Type req;
    Type resp;
    if (params.length == 1 && raw[0] != Source.class && raw[0] != Sink.class && !returnsVoid) {
      type = CallType.UNARY;
      req = params[0];
      resp = m.getGenericReturnType();
    } else if (params.length == 2 && raw[0] != Source.class && raw[1] == Sink.class && returnsVoid) {
      type = CallType.SERVER_STREAMING;
      req = params[0];
      resp = typeArg(params[1]);
    } else if (params.length == 1 && raw[0] == Source.class && !returnsVoid) {
      type = CallType.CLIENT_STREAMING;
      req = typeArg(params[0]);
      resp = m.getGenericReturnType();
    } else if (params.length == 2 && raw[0] == Source.class && raw[1] == Sink.class && returnsVoid) {
      type = CallType.BIDI_STREAMING;
      req = typeArg(params[0]);
      resp = typeArg(params[1]);
    } else {
      return null;
    }
    MethodHandle mh;
    try {
      m.setAccessible(true);
      mh = MethodHandles.lookup().unreflect(m).bindTo(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot access handler method " + m + ": " + e.getMessage(), e);
    }
    Map<String, String> md = new LinkedHashMap<>();
    if (type.isStreaming()) {
      md.put("stream", "true");
    }
    if (m.isAnnotationPresent(Idempotent.class)) {
      md.put("idempotent", "true");
    }
    String name = handlerName + "." + m.getName().substring(0, 1).toUpperCase(Locale.ROOT) + m.getName().substring(1);
    return new MethodEndpoint(name, type, req, resp, Map.copyOf(md), mh);
  }

  private static Type typeArg(Type t) {
    if (t instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[0];
    }
    throw new IllegalArgumentException("stream parameter needs a type argument: " + t);
  }

  private record MethodEndpoint(String name, CallType type, Type requestType, Type responseType,
      Map<String, String> metadata, MethodHandle handle) implements EndpointHandler {

    @Override
    public Value requestShape() {
      return Shapes.of(requestType);
    }

    @Override
    public Value responseShape() {
      return Shapes.of(responseType);
    }

    @Override
    public Object unary(Object request) throws Exception {
      try {
        return handle.invoke(request);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    @Override
    public void stream(Source<Object> in, Sink<Object> out) throws Exception {
      try {
        switch (type) {
          case SERVER_STREAMING -> {
            Object req = in.receive().orElseThrow(() -> new IllegalStateException("no request message"));
            handle.invoke(req, out);
          }
          case CLIENT_STREAMING -> out.send(handle.invoke(in));
          case BIDI_STREAMING -> handle.invoke(in, out);
          default -> throw new IllegalStateException("not a streaming endpoint: " + name);
        }
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }
}
