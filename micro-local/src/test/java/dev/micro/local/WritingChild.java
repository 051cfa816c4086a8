package dev.micro.local;

import dev.micro.store.Record;
import dev.micro.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Run in a child JVM by {@link FileStoreCrashTest}: writes records until killed, reporting each. */
public final class WritingChild {
  private WritingChild() {}

  /** Argument: the store directory. */
  public static void main(String[] args) {
    Store store = FileStore.create(Path.of(args[0])).scoped("crash", "records");
    for (int i = 0; ; i++) {
      String key = String.format("k%07d", i);
      store.write(Record.of(key, key.getBytes(StandardCharsets.UTF_8)).withMetadata("n", Integer.toString(i)));
      System.out.println("written " + key);
      System.out.flush();
    }
  }
}
