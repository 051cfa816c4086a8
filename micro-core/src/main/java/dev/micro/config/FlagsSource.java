package dev.micro.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Command-line flags: {@code --db.url=x} and {@code --db.url x} set {@code db.url}; a flag with no
 * value ({@code --verbose} last or before another flag) is {@code "true"}. Arguments that are not
 * flags are ignored, as is everything after {@code --}. Values are strings, converted when read.
 * Immutable.
 */
public final class FlagsSource implements ConfigSource {
  private final List<String> args;

  private FlagsSource(List<String> args) {
    this.args = List.copyOf(args);
  }

  /** The flags among {@code args}, typically {@code main}'s. */
  public static FlagsSource of(String... args) {
    return new FlagsSource(List.of(Objects.requireNonNull(args, "args")));
  }

  @Override
  public String name() {
    return "flags";
  }

  @Override
  public Map<String, Object> read() {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        break;
      }
      if (!a.startsWith("--") || a.length() == 2) {
        continue;
      }
      String flag = a.substring(2);
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        flat.put(flag.substring(0, eq), flag.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        flat.put(flag, args.get(++i));
      } else {
        flat.put(flag, "true");
      }
    }
    return Trees.normalize(flat, false);
  }

  @Override
  public String toString() {
    return name();
  }
}
