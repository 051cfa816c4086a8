package dev.micro.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.micro.testing.FileSourceContract;
import java.util.Map;

class YamlFileSourceContractTest extends FileSourceContract {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Override
  protected String extension() {
    return "yaml";
  }

  @Override
  protected String render(Map<String, Object> tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected String broken() {
    return "db:\n  url: [unclosed\n";
  }
}
