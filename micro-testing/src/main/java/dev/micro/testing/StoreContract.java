package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.store.Query;
import dev.micro.store.Record;
import dev.micro.store.Scope;
import dev.micro.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must show, run by each implementation's test:
 *
 * <pre>{@code
 * class RedisStoreContractTest extends StoreContract {
 *   protected Store newStore() { return RedisStore.create(...); }
 * }
 * }</pre>
 *
 * <p>Each test works in databases named uniquely for it ({@link #scope(String)}), so a server
 * shared between tests and test runs keeps no state from one into the next; after each test
 * {@link #cleanUp(Store, Scope)} runs for every scope it used, then the store is closed. Not
 * thread-safe; JUnit makes one instance per test.
 */
public abstract class StoreContract {
  /** How long the TTL tests wait for a record to expire. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String database = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Set<Scope> used = new LinkedHashSet<>();
  private Store root;
  /** The store under test, scoped to this test's main scope. */
  protected Store store;

  /** A new store; it may share a server with other tests. */
  protected abstract Store newStore();

  /**
   * Removes what a test left in {@code scope}. By default deletes every key; backends that create
   * tables or schemas per scope drop them instead.
   */
  protected void cleanUp(Store store, Scope scope) {
    for (String key : store.list(scope, Query.all())) {
      store.delete(scope, key);
    }
  }

  /** A scope unique to this test: {@code table} in this test's database. */
  protected Scope scope(String table) {
    return track(Scope.of(database, table));
  }

  /** A second database unique to this test. */
  protected Scope otherDatabase(String table) {
    return track(Scope.of(database + "_b", table));
  }

  private Scope track(Scope s) {
    used.add(s);
    return s;
  }

  @BeforeEach
  void openStore() {
    root = newStore();
    store = root.scoped(scope("records"));
  }

  @AfterEach
  void closeStore() {
    try {
      for (Scope s : used) {
        cleanUp(root, s);
      }
    } finally {
      root.close();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void writeAll(String... keys) {
    for (String k : keys) {
      store.write(k, utf8("v-" + k));
    }
  }

  @Test
  void aWrittenRecordReadsBackWithItsValueAndMetadata() {
    store.write(Record.of("user/1", utf8("Ada")).withMetadata(Map.of("Content-Type", "text/plain", "owner", "ops")));

    Record r = store.read("user/1").orElseThrow();
    assertThat(r.key()).isEqualTo("user/1");
    assertThat(r.value()).isEqualTo(utf8("Ada"));
    assertThat(r.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("Content-Type", "text/plain", "owner", "ops"));
    assertThat(r.expiry()).isEmpty();
  }

  @Test
  void writingAnExistingKeyReplacesTheRecord() {
    store.write(Record.of("k", utf8("one")).withMetadata("a", "1"));
    store.write(Record.of("k", utf8("two")).withMetadata("b", "2"));

    Record r = store.read("k").orElseThrow();
    assertThat(r.value()).isEqualTo(utf8("two"));
    assertThat(r.metadata()).isEqualTo(Map.of("b", "2"));
    assertThat(store.list()).containsExactly("k");
  }

  @Test
  void readingAMissingKeyFindsNothing() {
    assertThat(store.read("missing")).isEmpty();
    assertThat(store.read(Query.prefix("missing"))).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void deleteRemovesOnlyThatKeyAndDeletingAMissingKeyIsHarmless() {
    writeAll("a", "b");

    store.delete("a");
    store.delete("never-there");

    assertThat(store.read("a")).isEmpty();
    assertThat(store.read("b")).isPresent();
    assertThat(store.list()).containsExactly("b");
  }

  @Test
  void prefixReadsAndListsReturnOnlyMatchingKeysInKeyOrder() {
    writeAll("user/2", "user/10", "user/1", "users", "group/1", "use");

    assertThat(store.read(Query.prefix("user/"))).extracting(Record::key).containsExactly("user/1", "user/10", "user/2");
    assertThat(store.list(Query.prefix("user"))).containsExactly("user/1", "user/10", "user/2", "users");
    assertThat(store.read(Query.prefix("user/1")).getFirst().value()).isEqualTo(utf8("v-user/1"));
  }

  @Test
  void suffixReadsAndListsReturnOnlyMatchingKeys() {
    writeAll("a.json", "b.json", "c.yaml", "json");

    assertThat(store.list(Query.suffix(".json"))).containsExactly("a.json", "b.json");
    assertThat(store.read(Query.suffix("json"))).extracting(Record::key).containsExactly("a.json", "b.json", "json");
    assertThat(store.list(Query.prefix("b").withSuffix(".json"))).containsExactly("b.json");
  }

  @Test
  void limitAndOffsetPageThroughKeysInAStableOrder() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      keys.add(String.format("item-%02d", i));
    }
    List<String> shuffled = new ArrayList<>(keys);
    java.util.Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(this::writeAll);

    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 30; offset += 10) {
      paged.addAll(store.list(Query.all().withLimit(10).withOffset(offset)));
    }
    assertThat(paged).containsExactlyElementsOf(keys);
    assertThat(store.read(Query.prefix("item-1").withLimit(3).withOffset(2))).extracting(Record::key)
        .containsExactly("item-12", "item-13", "item-14");
    assertThat(store.list(Query.all().withOffset(100))).isEmpty();
  }

  @Test
  void keysComeInCodePointOrder() {
    // U+FF21 sorts before U+1F600 by code point (and UTF-8 bytes), after it by UTF-16 units.
    writeAll("\uFF21", "\uD83D\uDE00", "b", "B", "a", "é");

    assertThat(store.list()).containsExactly("B", "a", "b", "é", "\uFF21", "\uD83D\uDE00");
  }

  @Test
  void recordsExpireAfterTheirTtlAndAreNeverReturnedAfterwards() {
    Record shortLived = Record.of("short", utf8("x")).withTtl(Duration.ofMillis(1500));
    store.write(shortLived);
    store.write("forever", utf8("y"));

    if (Instant.now().isBefore(shortLived.expiry().orElseThrow().minusMillis(300))) {
      assertThat(store.read("short")).get().satisfies(r ->
          assertThat(r.expiry().orElseThrow()).isCloseTo(shortLived.expiry().orElseThrow(), org.assertj.core.api.Assertions.within(Duration.ofMillis(2))));
    }
    await().atMost(WAIT).until(() -> store.read("short").isEmpty());
    assertThat(store.list()).containsExactly("forever");
    assertThat(store.read(Query.all())).extracting(Record::key).containsExactly("forever");
  }

  @Test
  void writingWithoutATtlMakesAnExpiringRecordPermanent() {
    store.write(Record.of("k", utf8("1")).withTtl(Duration.ofMillis(500)));
    store.write(Record.of("k", utf8("2")));

    await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> store.read("k").isPresent());
    assertThat(store.read("k")).get().extracting(Record::value).isEqualTo(utf8("2"));
  }

  @Test
  void databasesAndTablesAreIsolatedFromEachOther() {
    Scope table1 = scope("one");
    Scope table2 = scope("two");
    Scope otherDb = otherDatabase("one");
    store.write(table1, Record.of("k", utf8("t1")));
    store.write(table2, Record.of("k", utf8("t2")));
    store.write(otherDb, Record.of("k", utf8("db2")));

    assertThat(store.read(table1, "k").orElseThrow().value()).isEqualTo(utf8("t1"));
    assertThat(store.read(table2, "k").orElseThrow().value()).isEqualTo(utf8("t2"));
    assertThat(store.read(otherDb, "k").orElseThrow().value()).isEqualTo(utf8("db2"));
    assertThat(store.list()).isEmpty();

    store.delete(table1, "k");
    assertThat(store.read(table2, "k")).isPresent();
    assertThat(store.scoped(otherDb).list()).containsExactly("k");
  }

  @Test
  void everyByteValueSurvives() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    store.write("bytes", all);
    store.write("empty", new byte[0]);

    assertThat(store.read("bytes").orElseThrow().value()).isEqualTo(all);
    assertThat(store.read("empty").orElseThrow().value()).isEmpty();
  }

  @Test
  void aOneMebibyteValueSurvives() {
    byte[] big = new byte[1 << 20];
    new Random(42).nextBytes(big);
    store.write("big", big);

    assertThat(store.read("big").orElseThrow().value()).isEqualTo(big);
  }

  @Test
  void fiftyVirtualThreadsCanWriteAtOnce() throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 50; t++) {
        int writer = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            store.write(String.format("w%02d-%d", writer, i), utf8(writer + ":" + i));
            store.write("shared", utf8("from " + writer));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertThat(store.list(Query.prefix("w"))).hasSize(500);
    assertThat(store.read("w17-3").orElseThrow().value()).isEqualTo(utf8("17:3"));
    assertThat(new String(store.read("shared").orElseThrow().value(), StandardCharsets.UTF_8)).startsWith("from ");
  }

  @Test
  void keysWithUnicodeSlashesPercentAndUnderscoresRoundTrip() {
    List<String> keys = List.of("naïve/日本/😀", "a/b/c", "100%", "snake_case", "back\\slash", "quote'\"", "star*?[x]");
    keys.forEach(this::writeAll);

    for (String k : keys) {
      assertThat(store.read(k)).as(k).get().extracting(Record::value).isEqualTo(utf8("v-" + k));
    }
    assertThat(store.list()).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void wildcardCharactersInAPrefixMatchOnlyThemselves() {
    writeAll("a%b", "axb", "a_c", "abc", "a*1", "a?2", "a[3]", "a\\d", "ab");

    assertThat(store.list(Query.prefix("a%"))).containsExactly("a%b");
    assertThat(store.list(Query.prefix("a_"))).containsExactly("a_c");
    assertThat(store.list(Query.prefix("a*"))).containsExactly("a*1");
    assertThat(store.list(Query.prefix("a?"))).containsExactly("a?2");
    assertThat(store.list(Query.prefix("a["))).containsExactly("a[3]");
    assertThat(store.list(Query.prefix("a\\"))).containsExactly("a\\d");
    assertThat(store.list(Query.suffix("%b"))).containsExactly("a%b");
    assertThat(store.list(Query.suffix("_c"))).containsExactly("a_c");
    assertThat(store.list(Query.prefix("A"))).isEmpty();
  }

  @Test
  void badInputIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> store.write("", utf8("x"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> store.read("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> store.delete("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> store.list(Query.all().withLimit(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit: -1");
    assertThatThrownBy(() -> store.list(Query.all().withOffset(-2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset: -2");
  }
}
