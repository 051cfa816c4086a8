package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code micro run} finds the repository, the jar and whether to rebuild it. */
class RunCommandTest {
  @TempDir Path repo;

  private Path project() throws Exception {
    Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\n");
    Path project = Files.createDirectories(repo.resolve("examples/greeter"));
    Files.writeString(project.resolve("pom.xml"), """
        <project>
          <!-- <artifactId>not-this</artifactId> -->
          <parent>
            <groupId>dev.micro</groupId>
            <artifactId>micro-parent</artifactId>
          </parent>
          <artifactId>greeter</artifactId>
        </project>
        """);
    Files.createDirectories(project.resolve("src/main/java"));
    Files.writeString(project.resolve("src/main/java/Greeter.java"), "class Greeter {}");
    return project;
  }

  @Test
  void theArtifactIdIsTheProjectsOwnNotTheParents() throws Exception {
    assertThat(RunCommand.artifactId(project().resolve("pom.xml"))).isEqualTo("greeter");
  }

  @Test
  void theRepositoryRootIsTheNearestDirectoryWithMvnw() throws Exception {
    assertThat(RunCommand.repositoryRoot(project())).contains(repo);
  }

  @Test
  void aMissingJarIsStale() throws Exception {
    Path project = project();

    assertThat(RunCommand.isStale(project.resolve("target/greeter.jar"), project)).isTrue();
  }

  @Test
  void aJarOlderThanASourceIsStaleAndANewerOneIsNot() throws Exception {
    Path project = project();
    Path jar = Files.createDirectories(project.resolve("target")).resolve("greeter.jar");
    Files.writeString(jar, "jar");
    Instant now = Instant.now();
    Files.setLastModifiedTime(project.resolve("pom.xml"), FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(project.resolve("src/main/java/Greeter.java"), FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(30)));

    assertThat(RunCommand.isStale(jar, project)).isFalse();

    Files.setLastModifiedTime(project.resolve("src/main/java/Greeter.java"), FileTime.from(now));
    assertThat(RunCommand.isStale(jar, project)).isTrue();
  }

  @Test
  void aDirectoryWithoutPomIsAUsageError() {
    CliRun run = CliRun.of("--cwd", repo.toString(), "run", "nowhere");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no pom.xml");
  }
}
