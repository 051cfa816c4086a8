package dev.micro.protobuf;

import com.google.protobuf.Message;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/** Finds the default instance of a generated message class, once per class. */
final class Messages {
  private static final ClassValue<Message> DEFAULTS = new ClassValue<>() {
    @Override
    protected Message computeValue(Class<?> type) {
      try {
        Method m = type.getMethod("getDefaultInstance");
        return (Message) m.invoke(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException(type.getName()
            + " is not a generated protobuf message (expected a static getDefaultInstance())", e);
      }
    }
  };

  private Messages() {}

  /** Whether {@code type} is a concrete generated message class. */
  static boolean isMessage(Type type) {
    return type instanceof Class<?> c && Message.class.isAssignableFrom(c)
        && !c.isInterface() && !java.lang.reflect.Modifier.isAbstract(c.getModifiers());
  }

  /** The default instance of a generated message class. */
  static Message defaultInstance(Type type) {
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException(type.getTypeName() + " is not a protobuf message class");
    }
    return DEFAULTS.get(c);
  }
}
