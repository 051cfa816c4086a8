package dev.micro.codec;

import dev.micro.MicroException;
import dev.micro.Status;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codecs available, chosen by content type and message type. Immutable after construction;
 * safe for concurrent use.
 *
 * <pre>{@code
 * Codecs codecs = Codecs.load();                       // every codec on the class path
 * Codec json = codecs.forType("application/json", HelloRequest.class);
 * }</pre>
 */
public final class Codecs {
  private final Map<String, List<Codec>> byType = new LinkedHashMap<>();
  private final Map<Key, Codec> cache = new ConcurrentHashMap<>();

  private record Key(String contentType, Type type) {}

  /** Codecs from the given list. */
  public static Codecs of(List<Codec> codecs) {
    return new Codecs(codecs);
  }

  /** Every codec found with {@link ServiceLoader}, plus {@link BytesCodec}. */
  public static Codecs load() {
    List<Codec> list = new ArrayList<>();
    ServiceLoader.load(Codec.class, Codecs.class.getClassLoader()).forEach(list::add);
    return new Codecs(list);
  }

  private Codecs(List<Codec> codecs) {
    List<Codec> all = new ArrayList<>(codecs);
    if (all.stream().noneMatch(c -> c instanceof BytesCodec)) {
      all.add(new BytesCodec());
    }
    all.sort(Comparator.comparingInt(Codec::priority).reversed());
    for (Codec c : all) {
      byType.computeIfAbsent(normalize(c.contentType()), k -> new ArrayList<>()).add(c);
      for (String a : c.aliases()) {
        byType.computeIfAbsent(normalize(a), k -> new ArrayList<>()).add(c);
      }
    }
  }

  /** The content type without parameters, in lower case: {@code application/json}. */
  public static String normalize(String contentType) {
    int semi = contentType.indexOf(';');
    String base = semi < 0 ? contentType : contentType.substring(0, semi);
    return base.trim().toLowerCase(Locale.ROOT);
  }

  /** Whether any codec serves {@code contentType}. */
  public boolean supportsContentType(String contentType) {
    return byType.containsKey(normalize(contentType));
  }

  /**
   * The codec for a content type and a message type.
   *
   * @throws MicroException INVALID_ARGUMENT naming the supported content types when none fits
   */
  public Codec forType(String contentType, Type type) {
    Key key = new Key(contentType, type);
    Codec c = cache.get(key);
    if (c != null) {
      return c;
    }
    List<Codec> candidates = byType.get(normalize(contentType));
    if (candidates == null) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "unsupported content type '%s'; supported: %s", contentType, String.join(", ", contentTypes())));
    }
    for (Codec cand : candidates) {
      if (cand.supports(type)) {
        cache.put(key, cand);
        return cand;
      }
    }
    throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
        "content type '%s' cannot carry %s; supported: %s", contentType, type.getTypeName(), String.join(", ", contentTypes())));
  }

  /** Every content type served, sorted. */
  public List<String> contentTypes() {
    return new ArrayList<>(new TreeSet<>(byType.keySet()));
  }
}
