package dev.micro.testing;

import dev.micro.config.ConfigSource;
import dev.micro.config.FileSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigSourceContract} for {@link FileSource} in one file format: a subclass says how to
 * write a tree in that format and what a broken file looks like. Files are replaced atomically, as
 * careful deployment tools do, so the source never sees half a file.
 */
public abstract class FileSourceContract extends ConfigSourceContract {
  @TempDir Path dir;
  private Path file;

  /** The extension, without the dot: {@code json}, {@code yaml}. */
  protected abstract String extension();

  /** {@code tree} in this format. */
  protected abstract String render(Map<String, Object> tree);

  /** Content in this format's extension that does not parse. */
  protected abstract String broken();

  @Override
  protected ConfigSource newSource(Map<String, Object> tree) {
    file = dir.resolve("config." + extension());
    write(render(tree));
    return FileSource.of(file);
  }

  @Override
  protected void update(ConfigSource source, Map<String, Object> tree) {
    write(render(tree));
  }

  @Override
  protected void corrupt(ConfigSource source) {
    write(broken());
  }

  private void write(String content) {
    try {
      Path tmp = Files.createTempFile(dir, "edit", ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
