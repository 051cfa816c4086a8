package dev.micro.local;

import java.util.Optional;
import dev.micro.sync.Sync;
import dev.micro.testing.LockContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSyncContractTest extends LockContract {
  @TempDir Path dir;

  @Override
  protected Sync newSync() {
    return FileSync.create(dir);
  }

  @Override
  protected Optional<String> processUrl() {
    return Optional.of("file://" + dir.toAbsolutePath());
  }
}
