package dev.micro.local;

import dev.micro.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.plugin.PluginUri;
import dev.micro.plugin.Plugins;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.RegistryEvent;
import dev.micro.registry.RegistryProvider;
import dev.micro.registry.ServiceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryTest {
  @TempDir Path dir;

  private static ServiceRecord record(String service, Node... nodes) {
    return new ServiceRecord(service, "latest", Map.of(), List.of(), List.of(nodes));
  }

  @Test
  void aNodeOfAProcessKilledWithSigkillDisappearsLongBeforeItsTtl() throws Exception {
    Process child = ChildJvm.command(RegisteringChild.class, dir.toString(), "greeter", "greeter-child")
        .redirectErrorStream(true)
        .start();
    try (FileRegistry registry = FileRegistry.create(dir)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readUntil(out, "registered")).get(30, TimeUnit.SECONDS);
      assertThat(line).isEqualTo("registered");
      assertThat(registry.getService("greeter")).singleElement()
          .satisfies(s -> assertThat(s.nodes()).extracting(Node::id).containsExactly("greeter-child"));
      Registry.Watcher watcher = registry.watch(Optional.of("greeter"));

      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(2)).until(() -> registry.getService("greeter").isEmpty());
      assertThat(watcher.next(Duration.ofSeconds(2))).get().extracting(RegistryEvent::action)
          .isEqualTo(RegistryEvent.Action.DELETE);
    } finally {
      child.destroyForcibly();
    }
  }

  private static String readUntil(BufferedReader out, String expected) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals(expected)) {
          return line;
        }
      }
      return "child exited without printing '" + expected + "'";
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void garbageAndHalfWrittenFilesAreSkipped() throws IOException {
    try (FileRegistry registry = FileRegistry.create(dir)) {
      Node good = new Node("greeter-1", "127.0.0.1:1", Map.of());
      registry.register(record("greeter", good), Duration.ofMinutes(1));
      Path serviceDir = dir.resolve("greeter");
      Files.writeString(serviceDir.resolve("garbage.json"), "\u0000not json at all");
      Files.writeString(serviceDir.resolve("half.json"), "{\"expires\":99999999999999,\"pid\":1,\"service\":{\"name\":\"gree");
      Files.writeString(serviceDir.resolve("other.json"), "{\"some\":\"thing else\"}");
      Files.createDirectories(dir.resolve("stray"));
      Files.writeString(dir.resolve("stray").resolve("x.json"), "[]");
      Files.writeString(dir.resolve("loose-file.txt"), "hello");

      assertThat(registry.getService("greeter")).singleElement()
          .satisfies(s -> assertThat(s.nodes()).containsExactly(good));
      assertThat(registry.listServices()).extracting(ServiceRecord::name).containsExactly("greeter");
    }
  }

  @Test
  void aNodeIdWithSlashOrDotDotCannotEscapeTheRoot() throws IOException {
    Path root = dir.resolve("root");
    try (FileRegistry registry = FileRegistry.create(root)) {
      List<Node> nodes = List.of(new Node("../../escape", "a:1", Map.of()), new Node("a/b", "a:2", Map.of()),
          new Node("..", "a:3", Map.of()), new Node(".", "a:4", Map.of()), new Node("/etc/passwd", "a:5", Map.of()));
      for (String service : List.of("../evil", "..", "a/../b")) {
        registry.register(record(service, nodes.toArray(Node[]::new)), Duration.ofMinutes(1));

        assertThat(registry.getService(service)).singleElement()
            .satisfies(s -> assertThat(s.nodes()).containsExactlyInAnyOrderElementsOf(nodes));
      }
      try (Stream<Path> all = Files.walk(dir)) {
        assertThat(all.filter(Files::isRegularFile)).hasSize(15).allMatch(p -> p.getParent().getParent().equals(root));
      }
      assertThat(registry.listServices()).extracting(ServiceRecord::name).containsExactlyInAnyOrder("../evil", "..", "a/../b");
    }
  }

  @Test
  void theFileSchemeMakesAFileRegistryOnTheGivenDirectory() {
    RegistryProvider provider = Plugins.load(RegistryProvider.class, "registry").get("file");

    try (Registry registry = provider.create(PluginUri.parse("file://" + dir.toUri().getPath() + "?poll=100ms"))) {
      assertThat(registry).isInstanceOf(FileRegistry.class);
      assertThat(((FileRegistry) registry).root()).isEqualTo(dir.toAbsolutePath().normalize());
    }
    assertThatThrownBy(() -> provider.create(PluginUri.parse("file://somehost/dir")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file:///absolute/dir");
  }

  @Test
  void microHomeIsThePropertyThenTheEnvironmentThenDotMicro() {
    assertThat(MicroHome.locate(k -> "/p", k -> "/e")).isEqualTo(Path.of("/p"));
    assertThat(MicroHome.locate(k -> null, k -> "/e")).isEqualTo(Path.of("/e"));
    assertThat(MicroHome.locate(k -> null, k -> null))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".micro").toAbsolutePath());
  }

  @Test
  void directoriesAreCreatedForTheOwnerOnly() throws IOException {
    Path created = MicroHome.createDirectories(dir.resolve("home").resolve("registry"));

    assertThat(created).isDirectory();
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
          .isEqualTo("rwx------");
    }
  }
}
