package dev.micro.plugin;

/**
 * What every plugin provider has: the URL scheme it serves and a priority. When two providers
 * serve one scheme, the higher priority wins.
 */
public interface PluginProvider {
  /** The scheme, lower case: {@code memory}, {@code file}, {@code etcd}, {@code grpc}. */
  String scheme();

  /** Higher wins among providers of one scheme; 5 by convention. */
  default int priority() {
    return 5;
  }

  /** The module a user adds to get this provider, for error messages. */
  default String module() {
    return "micro";
  }
}
