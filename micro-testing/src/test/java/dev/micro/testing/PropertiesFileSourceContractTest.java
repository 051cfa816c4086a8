package dev.micro.testing;

import java.util.Map;

class PropertiesFileSourceContractTest extends FileSourceContract {
  @Override
  protected String extension() {
    return "properties";
  }

  @Override
  protected String render(Map<String, Object> tree) {
    StringBuilder sb = new StringBuilder();
    flatten("", tree, sb);
    return sb.toString();
  }

  private static void flatten(String prefix, Map<?, ?> tree, StringBuilder sb) {
    tree.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m) {
        flatten(prefix + k + ".", m, sb);
      } else {
        sb.append(prefix).append(k).append('=').append(v).append('\n');
      }
    });
  }

  // A key that is both a value and a section cannot be one tree.
  @Override
  protected String broken() {
    return "db=x\ndb.url=y\n";
  }
}
