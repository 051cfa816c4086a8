package dev.micro.local;

import dev.micro.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreCrashTest {
  @TempDir Path dir;

  @Test
  void everyWriteThatReturnedSurvivesTheWriterBeingKilled() throws Exception {
    Process child = ChildJvm.command(WritingChild.class, dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> reported = ChildJvm.killAfter(child, "written ", 300); // SIGKILL, mid-write
    assertThat(reported).hasSize(300);

    try (Store store = FileStore.create(dir)) {
      Scope scope = Scope.of("crash", "records");
      for (String key : reported) {
        assertThat(store.read(scope, key)).as(key).get().extracting(Record::value).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
      }
      assertThat(store.list(scope, dev.micro.store.Query.all())).containsAll(reported);
    }
  }
}
