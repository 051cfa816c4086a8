package dev.micro.client;

/** Facts about message classes the core needs without depending on protobuf. */
final class Messages {
  private static final ClassValue<Boolean> PROTOBUF = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Class<?> i : c.getInterfaces()) {
          if (isMessageInterface(i)) {
            return true;
          }
        }
      }
      return false;
    }
  };

  private Messages() {}

  private static boolean isMessageInterface(Class<?> i) {
    if (i.getName().equals("com.google.protobuf.Message") || i.getName().equals("com.google.protobuf.MessageLite")) {
      return true;
    }
    for (Class<?> s : i.getInterfaces()) {
      if (isMessageInterface(s)) {
        return true;
      }
    }
    return false;
  }

  static boolean isProtobuf(Class<?> type) {
    return PROTOBUF.get(type);
  }

  /** The content type a message is sent with when the caller chose none. */
  static String defaultContentType(Class<?> type) {
    if (type == byte[].class) {
      return "application/octet-stream";
    }
    return isProtobuf(type) ? "application/protobuf" : "application/json";
  }
}
