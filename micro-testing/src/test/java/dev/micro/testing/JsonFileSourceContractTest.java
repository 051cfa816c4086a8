package dev.micro.testing;

import dev.micro.internal.Json;
import java.util.Map;

class JsonFileSourceContractTest extends FileSourceContract {
  @Override
  protected String extension() {
    return "json";
  }

  @Override
  protected String render(Map<String, Object> tree) {
    return Json.write(tree);
  }

  @Override
  protected String broken() {
    return "{\"db\": {\"url\": ";
  }
}
