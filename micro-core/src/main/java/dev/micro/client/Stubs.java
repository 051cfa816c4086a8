package dev.micro.client;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.server.PojoHandlerAdapter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.util.Locale;

/** Typed stubs: a dynamic proxy that turns interface methods into calls. */
final class Stubs {
  private Stubs() {}

  static <T> T create(Client client, Class<T> type, String service, CallOptions options) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException("stub type " + type.getName() + " (expected: an interface)");
    }
    String handler = PojoHandlerAdapter.handlerName(type);
    InvocationHandler ih = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> "stub " + type.getSimpleName() + " of " + service;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        };
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      String endpoint = handler + "." + capitalise(method.getName());
      if (method.getReturnType() == ClientStream.class && (args == null || args.length == 0)) {
        return client.stream(service, endpoint, streamResponseType(method), options);
      }
      if (args == null || args.length != 1) {
        throw new UnsupportedOperationException("stub method " + method + " (expected: one request parameter)");
      }
      return client.call(service, endpoint, args[0], method.getGenericReturnType(), options);
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, ih));
  }

  private static Class<?> streamResponseType(Method m) {
    if (m.getGenericReturnType() instanceof ParameterizedType p && p.getActualTypeArguments()[1] instanceof Class<?> c) {
      return c;
    }
    throw new IllegalArgumentException("stream method " + m + " needs ClientStream<Req, Resp> with concrete types");
  }

  private static String capitalise(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
