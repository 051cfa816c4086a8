package dev.micro.local;

import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file layout behind {@link FileRegistry}: {@code <root>/<service>/<nodeId>.json}, one
 * {@link NodeFile} each. Writes go to a temporary file in the same directory, then move into
 * place atomically. Reads leave out and delete stale nodes and skip unreadable files with one
 * warning per file. Safe for concurrent use, across processes too.
 */
final class NodeDirectory {
  private static final System.Logger LOG = System.getLogger(FileRegistry.class.getName());
  private static final String SUFFIX = ".json";

  private final Path root;
  private final NodeFile.Owner self;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  NodeDirectory(Path root, NodeFile.Owner self) {
    this.root = root;
    this.self = self;
  }

  /** Writes (or replaces) the file of each node of {@code service}, expiring at {@code expires}. */
  void write(ServiceRecord service, long expires) throws IOException {
    Path dir = serviceDir(service.name());
    MicroHome.createDirectories(dir);
    for (Node n : service.nodes()) {
      NodeFile file = new NodeFile(expires, self.pid(), self.host(), self.pidns(), service.withNodes(List.of(n)));
      Path tmp = Files.createTempFile(dir, ".", ".tmp");
      try {
        Files.writeString(tmp, file.toJson());
        Files.move(tmp, nodeFile(dir, n.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Deletes the files of the nodes named in {@code service}. */
  void delete(ServiceRecord service) throws IOException {
    Path dir = serviceDir(service.name());
    for (Node n : service.nodes()) {
      Files.deleteIfExists(nodeFile(dir, n.id()));
    }
  }

  /** The live nodes of one service, one single-node record each, by file. */
  Map<Path, ServiceRecord> readService(String name) throws IOException {
    Map<Path, ServiceRecord> nodes = readDir(serviceDir(name));
    nodes.values().removeIf(s -> !s.name().equals(name));
    return nodes;
  }

  /** Every live node in the tree, one single-node record each, by file. */
  Map<Path, ServiceRecord> readAll() throws IOException {
    Map<Path, ServiceRecord> out = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        if (!dir.getFileName().toString().startsWith(".") && Files.isDirectory(dir)) {
          out.putAll(readDir(dir));
        }
      }
    } catch (NoSuchFileException e) {
      return new HashMap<>();
    }
    return out;
  }

  private Map<Path, ServiceRecord> readDir(Path dir) throws IOException {
    Map<Path, ServiceRecord> out = new HashMap<>();
    long now = System.currentTimeMillis();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        if (!file.getFileName().toString().startsWith(".")) {
          read(file).filter(f -> !isStale(file, f, now)).ifPresent(f -> out.put(file, f.service()));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new HashMap<>();
    }
    return out;
  }

  private Optional<NodeFile> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      warnOnce(file, "cannot read registry file " + file, e);
      return Optional.empty();
    }
    try {
      return Optional.of(NodeFile.parse(text));
    } catch (RuntimeException e) {
      warnOnce(file, "skipping unreadable registry file " + file + ": " + e.getMessage(), null);
      return Optional.empty();
    }
  }

  /** Whether the node is gone; if so its file is deleted, unless it was refreshed meanwhile. */
  private boolean isStale(Path file, NodeFile node, long now) {
    if (!node.stale(now, self)) {
      return false;
    }
    // read again right before deleting, so that a refresh that just landed is kept
    Optional<NodeFile> again = read(file);
    if (again.isPresent() && !again.get().stale(System.currentTimeMillis(), self)) {
      return false;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // another reader may be deleting it too; the node is left out either way
    }
    return true;
  }

  private void warnOnce(Path file, String message, Throwable cause) {
    if (warned.size() < 10_000 && warned.add(file.toString())) {
      LOG.log(Level.WARNING, message, cause);
    }
  }

  private Path serviceDir(String service) {
    return root.resolve(FileNames.segment(service));
  }

  private static Path nodeFile(Path dir, String nodeId) {
    return dir.resolve(FileNames.segment(nodeId) + SUFFIX);
  }
}
