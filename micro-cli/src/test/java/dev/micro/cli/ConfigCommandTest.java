package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code micro config get|set} against files in a temporary directory and the local etcd. */
class ConfigCommandTest {
  static final String ETCD = System.getProperty("micro.test.etcd", "127.0.0.1:2379");

  @TempDir Path dir;

  @Test
  void getPrintsAValueFromMicroJsonInTheWorkingDirectory() throws IOException {
    Files.writeString(dir.resolve("micro.json"), "{\"db\":{\"url\":\"jdbc:x\",\"port\":5432}}");

    CliRun url = CliRun.of("--cwd", dir.toString(), "config", "get", "db.url");
    CliRun db = CliRun.of("--cwd", dir.toString(), "config", "get", "db");

    assertThat(url.exitCode()).isZero();
    assertThat(url.out().trim()).isEqualTo("\"jdbc:x\"");
    assertThat(db.out()).isEqualTo("{\n  \"url\": \"jdbc:x\",\n  \"port\": 5432\n}" + System.lineSeparator());
  }

  @Test
  void yamlInTheWorkingDirectoryIsReadAndSystemPropertiesOverrideIt() throws IOException {
    Files.writeString(dir.resolve("micro.yaml"), "cli_test:\n  level: info\n  port: 1\n");
    System.setProperty("micro.cli_test.level", "debug");
    try {
      CliRun run = CliRun.of("--cwd", dir.toString(), "config", "get", "cli_test");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("\"level\": \"debug\"", "\"port\": 1");
    } finally {
      System.clearProperty("micro.cli_test.level");
    }
  }

  @Test
  void sourcesGivenAsUrlsAreMergedInOrder() throws IOException {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.properties");
    Files.writeString(a, "{\"x\":1,\"y\":1}");
    Files.writeString(b, "y=2\n");

    CliRun run = CliRun.of("config", "--source", "file://" + a, "--source", "file://" + b, "get");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"x\": 1", "\"y\": \"2\"");
  }

  @Test
  void aMissingPathFailsNamingIt() {
    CliRun run = CliRun.of("--cwd", dir.toString(), "config", "get", "no.such.path");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no.such.path").contains("\"code\"");
  }

  @Test
  void setWritesToEtcdAndGetReadsItBack() {
    String url = "etcd://" + ETCD + "/micro-test/cli-" + UUID.randomUUID();
    try {
      CliRun set = CliRun.of("config", "--source", url, "set", "db.port", "5432");
      CliRun setWord = CliRun.of("config", "set", "db.url", "jdbc:postgresql://db/app", "--source", url);
      CliRun get = CliRun.of("config", "--source", url, "get", "db");

      assertThat(set.exitCode()).as(set.err()).isZero();
      assertThat(setWord.exitCode()).as(setWord.err()).isZero();
      assertThat(get.out()).contains("\"port\": 5432", "\"url\": \"jdbc:postgresql://db/app\"");
    } finally {
      try (ConfigSource source = Micro.configSource(url)) {
        source.write("db", null);
      }
    }
  }

  @Test
  void setNeedsAWritableSource() throws IOException {
    Path a = dir.resolve("a.json");
    Files.writeString(a, "{}");

    CliRun none = CliRun.of("config", "set", "a", "1");
    CliRun readOnly = CliRun.of("config", "--source", "file://" + a, "set", "a", "1");
    CliRun badJson = CliRun.of("config", "--source", "memory://", "set", "a", "{\"x\":");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--source");
    assertThat(readOnly.exitCode()).isEqualTo(2);
    assertThat(readOnly.err()).contains("read-only");
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.err()).contains("value");
  }
}
