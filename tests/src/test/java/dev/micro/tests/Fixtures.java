package dev.micro.tests;

import dev.micro.Client;
import dev.micro.Micro;
import java.nio.file.Path;

/** Shared set-up: a client that always goes over the wire, on a file registry in a temp dir. */
final class Fixtures {
  private Fixtures() {}

  static String registryUrl(Path dir) {
    return "file://" + dir.toAbsolutePath();
  }

  /** A client on the registry at {@code dir} that never takes the in-process path. */
  static Client wireClient(Path dir) {
    return Micro.client().registry(registryUrl(dir)).localCalls(false).build();
  }
}
