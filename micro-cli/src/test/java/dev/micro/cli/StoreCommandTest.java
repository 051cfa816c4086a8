package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommandTest {
  @TempDir Path dir;

  private CliRun store(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "store";
    all[1] = "--store";
    all[2] = "file://" + dir.toAbsolutePath();
    all[3] = "--table";
    all[4] = "users";
    System.arraycopy(args, 0, all, 5, args.length);
    return CliRun.of(all);
  }

  @Test
  void writesReadsListsAndDeletesRecords() {
    assertThat(store("write", "user/1", "alice").exitCode()).isZero();
    assertThat(store("write", "user/2", "bob").exitCode()).isZero();
    assertThat(store("write", "team/1", "core").exitCode()).isZero();

    assertThat(store("read", "user/1").out().strip()).isEqualTo("alice");
    assertThat(store("read", "--prefix", "user/").out().lines()).containsExactly("user/1\talice", "user/2\tbob");
    assertThat(store("list", "--limit", "2").out().lines()).containsExactly("team/1", "user/1");

    assertThat(store("delete", "user/1").exitCode()).isZero();
    CliRun missing = store("read", "user/1");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("\"code\":404");
  }

  @Test
  void tablesAreSeparate() {
    store("write", "k", "v");
    CliRun other = CliRun.of("store", "--store", "file://" + dir.toAbsolutePath(), "--table", "other", "list");
    assertThat(other.exitCode()).isZero();
    assertThat(other.out()).isEmpty();
  }
}
