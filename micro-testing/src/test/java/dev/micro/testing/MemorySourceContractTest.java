package dev.micro.testing;

import dev.micro.config.ConfigSource;
import dev.micro.config.MemorySource;
import java.util.Map;

class MemorySourceContractTest extends ConfigSourceContract {
  @Override
  protected ConfigSource newSource(Map<String, Object> tree) {
    return MemorySource.of(tree);
  }

  @Override
  protected void update(ConfigSource source, Map<String, Object> tree) {
    ((MemorySource) source).replace(tree);
  }
}
