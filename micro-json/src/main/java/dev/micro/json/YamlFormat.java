package dev.micro.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.micro.config.ConfigFormat;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * YAML config files ({@code .yaml}, {@code .yml}) for {@link dev.micro.config.FileSource}, read
 * with Jackson. The document must be a mapping; an empty document is an empty tree. Registered
 * with {@link java.util.ServiceLoader}, so adding micro-json is enough. Safe for concurrent use.
 */
public final class YamlFormat implements ConfigFormat {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  @Override
  public List<String> extensions() {
    return List.of("yaml", "yml");
  }

  @Override
  public Map<String, Object> parse(byte[] content) {
    if (new String(content, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> tree = YAML.readValue(content, TREE);
      return tree == null ? Map.of() : tree;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed YAML: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      return j.getOriginalMessage() + " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
    }
    return String.valueOf(e.getMessage());
  }
}
