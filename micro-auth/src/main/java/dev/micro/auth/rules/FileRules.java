package dev.micro.auth.rules;

import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.Rules;
import dev.micro.auth.internal.OwnerOnly;
import dev.micro.internal.Json;
import dev.micro.local.MicroHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Access rules kept in a JSON file ({@code $MICRO_HOME/auth/rules.json} by default), as
 * {@code micro auth rules} writes them, and a {@link Rules} that follows the file.
 *
 * <p>The file holds {@code {"rules":[{"id","scope","resource":{"type","name","endpoint"},
 * "access":"granted"|"denied","priority"}]}}, go-micro's rule fields. {@link #watch} loads it and
 * then checks its modification time every 500 ms: a changed file replaces the rules at once; a file
 * that cannot be read or parsed keeps the last good rules and logs why; a deleted file means no
 * rules.
 *
 * <pre>{@code
 * try (FileRules file = FileRules.watch(FileRules.defaultFile())) {
 *   Micro.service("orders").interceptor(new AuthServerInterceptor(auth, file.rules())).handle(...).start();
 * }
 * }</pre>
 *
 * <p>Safe for concurrent use. Writes replace the file atomically, owner-only (0600).
 */
public final class FileRules implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FileRules.class.getName());
  /** How often a watched file is checked for changes. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

  private final Path file;
  private final Rules rules;
  private final Thread poller;
  private volatile boolean closed;
  private String seen;

  private FileRules(Path file, Duration interval) {
    this.file = file;
    this.seen = modified(file);
    this.rules = Rules.of(read(file));
    this.poller = Thread.ofVirtual().name("micro-rules-" + file.getFileName()).unstarted(() -> poll(interval));
  }

  /** {@code $MICRO_HOME/auth/rules.json}. */
  public static Path defaultFile() {
    return MicroHome.subdirectory("auth").resolve("rules.json");
  }

  /** Loads {@code file} (no file: no rules) and follows its changes every 500 ms. */
  public static FileRules watch(Path file) {
    return watch(file, DEFAULT_INTERVAL);
  }

  /**
   * Loads {@code file} and follows its changes every {@code interval}.
   *
   * @throws IllegalArgumentException if the file exists but is not a valid rules file
   */
  public static FileRules watch(Path file, Duration interval) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    FileRules r = new FileRules(file.toAbsolutePath(), interval);
    r.poller.start();
    return r;
  }

  /** The rules, kept in step with the file. */
  public Rules rules() {
    return rules;
  }

  /** The file followed. */
  public Path file() {
    return file;
  }

  /**
   * The rules in {@code file}; none if it does not exist.
   *
   * @throws IllegalArgumentException if it is not a valid rules file, naming the file and the fault
   */
  public static List<Rule> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules file " + file, e);
    }
    try {
      Object list = Json.parseObject(text).get("rules");
      if (list == null) {
        return List.of();
      }
      if (!(list instanceof List<?> items)) {
        throw new IllegalArgumentException("\"rules\" is not a list");
      }
      List<Rule> out = new ArrayList<>();
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Object item : items) {
        Rule r = rule(item);
        if (!ids.add(r.id())) {
          throw new IllegalArgumentException("rule id '" + r.id() + "' appears twice");
        }
        out.add(r);
      }
      return List.copyOf(out);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("rules file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code rules} to {@code file}, replacing it atomically, owner-only. */
  public static void write(Path file, List<Rule> rules) {
    OwnerOnly.directory(file.toAbsolutePath().getParent());
    List<Object> list = new ArrayList<>();
    for (Rule r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("scope", r.scope());
      m.put("resource", Map.of("type", r.resource().type(), "name", r.resource().name(), "endpoint", r.resource().endpoint()));
      m.put("access", r.access().name().toLowerCase(Locale.ROOT));
      m.put("priority", r.priority());
      list.add(m);
    }
    OwnerOnly.write(file, (Json.write(Map.of("rules", list)) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Rule rule(Object item) {
    if (!(item instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a rule is not an object: " + item);
    }
    Map<?, ?> res = m.get("resource") instanceof Map<?, ?> r ? r : Map.of();
    String access = string(m, "access", "granted");
    Rule.Access a = switch (access.toLowerCase(Locale.ROOT)) {
      case "granted" -> Rule.Access.GRANTED;
      case "denied" -> Rule.Access.DENIED;
      default -> throw new IllegalArgumentException("access: '" + access + "' (expected: granted or denied)");
    };
    int priority = m.get("priority") instanceof Number n ? n.intValue() : 0;
    Resource resource = new Resource(string(res, "type", Resource.SERVICE), string(res, "name", "*"), string(res, "endpoint", "*"));
    return new Rule(string(m, "id", null), string(m, "scope", Rule.ANY_ACCOUNT), resource, a, priority);
  }

  private static String string(Map<?, ?> m, String key, String fallback) {
    Object v = m.get(key);
    if (v == null && fallback != null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("\"" + key + "\": " + v + " (expected: a string)");
    }
    return s;
  }

  /** The file's modification time and size, or null when it is missing. */
  private static String modified(Path file) {
    try {
      return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    } catch (IOException e) {
      return null;
    }
  }

  private void poll(Duration interval) {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      String now = modified(file);
      if (Objects.equals(now, seen)) {
        continue;
      }
      seen = now;
      try {
        rules.replaceAll(read(file));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "keeping the previous rules: " + e.getMessage());
      }
    }
  }

  /** Stops following the file; the rules keep their last contents. */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
  }

  @Override
  public String toString() {
    return "FileRules[" + file + ", " + rules.list().size() + " rules]";
  }
}
