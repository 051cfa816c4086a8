package dev.micro.config;

import java.util.List;
import java.util.Map;

/**
 * A file format for {@link FileSource}, chosen by the file's extension. JSON and
 * {@code .properties} are built in; micro-json adds YAML. Found with {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/dev.micro.config.ConfigFormat}. Stateless.
 */
public interface ConfigFormat {
  /** The extensions this format reads, lower case, without the dot: {@code yaml}, {@code yml}. */
  List<String> extensions();

  /**
   * The tree in {@code content}.
   *
   * @throws RuntimeException if the content does not parse; the message says where
   */
  Map<String, Object> parse(byte[] content);
}
