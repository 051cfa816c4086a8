package dev.micro.local;

import dev.micro.registry.Registry;
import dev.micro.testing.RegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryContractTest extends RegistryContract {
  @TempDir Path dir;

  @Override
  protected Registry newRegistry() {
    return FileRegistry.create(dir);
  }

  @Override
  protected Registry peer(Registry r) {
    return FileRegistry.create(((FileRegistry) r).root());
  }
}
