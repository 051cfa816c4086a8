package dev.micro.server;

import dev.micro.Metadata;
import dev.micro.Subscribe;
import dev.micro.SubscriberHandler;
import dev.micro.broker.SubscribeOptions;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the {@link Subscribe} methods of an object: {@code void m(T event)} or
 * {@code void m(T event, Metadata headers)}, public, named as endpoints {@code Handler.Method}
 * like {@link PojoHandlerAdapter}'s.
 */
public final class SubscribeMethods {
  private SubscribeMethods() {}

  /** Whether any public method of {@code target} carries {@link Subscribe}. */
  public static boolean declares(Object target) {
    return Arrays.stream(target.getClass().getMethods()).anyMatch(m -> m.isAnnotationPresent(Subscribe.class));
  }

  /**
   * The subscribers of {@code target} for service {@code service} (the default queue).
   *
   * @throws IllegalArgumentException for a {@link Subscribe} method of another shape
   */
  public static List<Subscriber> scan(String service, Object target) {
    String handler = PojoHandlerAdapter.handlerName(target.getClass());
    Method[] methods = target.getClass().getMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    List<Subscriber> out = new ArrayList<>();
    for (Method m : methods) {
      Subscribe s = m.getAnnotation(Subscribe.class);
      if (s == null) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      boolean shaped = m.getReturnType() == void.class && !Modifier.isStatic(m.getModifiers())
          && (p.length == 1 || p.length == 2 && p[1] == Metadata.class);
      if (!shaped) {
        throw new IllegalArgumentException("@Subscribe method " + m + " (expected: public void m(Event) or "
            + "public void m(Event, Metadata))");
      }
      MethodHandle mh;
      try {
        m.setAccessible(true);
        mh = MethodHandles.lookup().unreflect(m).bindTo(target);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException("cannot access subscriber method " + m + ": " + e.getMessage(), e);
      }
      boolean withHeaders = p.length == 2;
      SubscriberHandler<Object> call = (event, headers) -> invoke(mh, withHeaders, event, headers);
      String name = handler + "." + m.getName().substring(0, 1).toUpperCase(Locale.ROOT) + m.getName().substring(1);
      Type type = m.getGenericParameterTypes()[0];
      out.add(new Subscriber(name, s.topic(), type, options(service, s), call));
    }
    return out;
  }

  /** The options of an annotated method: queue given, else none when broadcast, else the service name. */
  static SubscribeOptions options(String service, Subscribe s) {
    SubscribeOptions o = SubscribeOptions.defaults().withAutoAck(s.autoAck());
    if (s.broadcast()) {
      if (!s.queue().isEmpty()) {
        throw new IllegalArgumentException("@Subscribe(topic = \"" + s.topic() + "\"): broadcast with queue '"
            + s.queue() + "' (expected: one or the other)");
      }
      return o;
    }
    return o.withQueue(s.queue().isEmpty() ? service : s.queue());
  }

  private static void invoke(MethodHandle mh, boolean withHeaders, Object event, Metadata headers) throws Exception {
    try {
      if (withHeaders) {
        mh.invoke(event, headers);
      } else {
        mh.invoke(event);
      }
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
