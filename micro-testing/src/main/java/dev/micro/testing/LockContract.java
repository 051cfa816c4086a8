package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.sync.Leader;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Sync} must show, run by each implementation's test:
 *
 * <pre>{@code
 * class EtcdSyncContractTest extends LockContract {
 *   protected Sync newSync() { return EtcdSync.create(...); }
 * }
 * }</pre>
 *
 * <p>Every {@code Sync} made by {@link #newSync()} and {@link #peer()} is closed after each test.
 * Lock ids are unique per test, so a backend shared between tests does not carry state over. Not
 * thread-safe; JUnit makes one instance per test.
 */
public abstract class LockContract {
  /** The TTL of locks in the expiry tests. */
  protected static final Duration TTL = Duration.ofSeconds(2);
  /** How much longer than the TTL a backend may take to hand an abandoned lock over. */
  protected static final Duration SLACK = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofSeconds(30);

  private final List<Sync> opened = new ArrayList<>();
  private final String prefix = "lock" + UUID.randomUUID().toString().substring(0, 8);

  /** A new client of the backend under test. */
  protected abstract Sync newSync();

  /**
   * A second client of the same backend as {@link #newSync()}, independent of the first, as
   * another process would hold. By default another {@code newSync()}, which fits backends whose
   * state lives outside the object (a server, files).
   */
  protected Sync peer() {
    return newSync();
  }

  /**
   * Makes {@code sync} stop renewing its locks without releasing them, as if its process died. By
   * default closes it, which releases at once; override to show expiry at the TTL.
   */
  protected void kill(Sync sync) {
    sync.close();
  }

  /**
   * The URL a separate process opens to reach the same backend, for the multi-process test; empty
   * for a backend that lives inside one process (memory).
   */
  protected Optional<String> processUrl() {
    return Optional.empty();
  }

  @Test
  void threeProcessesIncrementingUnderTheLockLoseNoUpdate(@TempDir java.nio.file.Path dir) throws Exception {
    Assumptions.assumeTrue(processUrl().isPresent(), "the backend lives inside one process");
    java.nio.file.Path counter = dir.resolve("counter");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(ChildJvm.command(LockingChild.class, processUrl().get(), prefix + "-processes", counter.toString(), "30")
          .redirectErrorStream(true).start());
    }
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }
    assertThat(Files.readString(counter).trim()).isEqualTo("90");
  }

  @AfterEach
  void closeSyncs() {
    for (Sync s : opened) {
      s.close();
    }
    opened.clear();
  }

  private Sync first() {
    return track(newSync());
  }

  private Sync second() {
    return track(peer());
  }

  private Sync track(Sync s) {
    opened.add(s);
    return s;
  }

  private String id(String base) {
    return prefix + "-" + base;
  }

  @Test
  void twoHundredIncrementsUnderTheLockFromTwoClientsLoseNoUpdateAndTokensGrow() throws Exception {
    Sync a = first();
    Sync b = second();
    String id = id("counter");
    AtomicLong counter = new AtomicLong();
    List<Long> tokens = new ArrayList<>(); // appended only under the lock: a race would show here too
    int threads = 8;
    int each = 25;
    List<Future<?>> done = new ArrayList<>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        Sync s = t % 2 == 0 ? a : b;
        done.add(executor.submit(() -> {
          for (int i = 0; i < each; i++) {
            try (Lock lock = s.lock(id, LONG, LONG)) {
              long v = counter.get();
              Thread.yield();
              counter.set(v + 1);
              tokens.add(lock.fencingToken());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    }

    assertThat(counter.get()).isEqualTo(threads * each);
    assertThat(tokens).hasSize(threads * each).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void eachNewHolderGetsALargerTokenThanTheLast() throws InterruptedException {
    Sync a = first();
    Sync b = second();
    String id = id("tokens");

    Lock first = a.lock(id, LONG, Duration.ZERO);
    long t1 = first.fencingToken();
    first.unlock();
    Lock second = b.lock(id, LONG, Duration.ZERO);
    long t2 = second.fencingToken();
    second.unlock();
    Lock third = a.lock(id, LONG, Duration.ZERO);

    assertThat(t2).isGreaterThan(t1);
    assertThat(third.fencingToken()).isGreaterThan(t2);
    third.unlock();
  }

  @Test
  void waitingPastTheWaitFailsWithDeadlineExceeded() throws InterruptedException {
    Sync a = first();
    Sync b = second();
    String id = id("busy");
    a.lock(id, LONG, Duration.ZERO);

    long start = System.nanoTime();
    assertThatThrownBy(() -> b.lock(id, LONG, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(tookMs).isBetween(250L, 5_000L);
  }

  @Test
  void differentIdsDoNotExcludeEachOther() throws InterruptedException {
    Sync a = first();
    Sync b = second();

    Lock x = a.lock(id("x"), LONG, Duration.ZERO);
    Lock y = b.lock(id("y"), LONG, Duration.ZERO);

    assertThat(x.isHeld()).isTrue();
    assertThat(y.isHeld()).isTrue();
  }

  @Test
  void unlockReleasesAndCallingItAgainDoesNothing() throws InterruptedException {
    Sync a = first();
    Sync b = second();
    String id = id("twice");
    Lock lock = a.lock(id, LONG, Duration.ZERO);

    lock.unlock();
    lock.unlock();

    assertThat(lock.isHeld()).isFalse();
    assertThat(lock.lost()).isNotDone();
    b.lock(id, LONG, Duration.ofSeconds(5)).unlock();
  }

  @Test
  void aLockWhoseHolderStopsRenewingPassesToTheNextHolderWithinItsTtlWithALargerToken() throws Exception {
    Sync a = first();
    Sync b = second();
    String id = id("abandoned");
    Lock held = a.lock(id, TTL, Duration.ZERO);
    assertThatThrownBy(() -> b.lock(id, TTL, Duration.ofMillis(200))).isInstanceOf(MicroException.class);

    long start = System.nanoTime();
    kill(a);
    Lock next = b.lock(id, TTL, TTL.plus(SLACK).plus(SLACK));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(TTL.plus(SLACK));
    assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
    next.unlock();
  }

  @Test
  void aHolderIsToldWhenItsSyncClosesAndUnlockingTheLostLockIsReported() throws InterruptedException {
    Sync a = first();
    Lock lock = a.lock(id("closed"), LONG, Duration.ZERO);

    a.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> lock.lost().isDone());
    assertThat(lock.isHeld()).isFalse();
    assertThatThrownBy(lock::unlock)
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void lockArgumentsAreChecked() {
    Sync a = first();

    assertThatThrownBy(() -> a.lock("", LONG, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.lock(id("zero"), Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.lock(id("neg"), LONG, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneOfTwoCandidatesLeadsAndResigningHandsOver() throws InterruptedException {
    String id = id("election");
    Leader x = first().leader(id, TTL);
    Leader y = second().leader(id, TTL);

    await().atMost(LONG).until(() -> x.isLeader() || y.isLeader());
    Leader leader = x.isLeader() ? x : y;
    Leader other = leader == x ? y : x;
    long term = leader.term().orElseThrow();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !other.isLeader());

    leader.resign();

    assertThat(other.awaitLeadership(TTL.plus(SLACK))).isTrue();
    assertThat(leader.isLeader()).isFalse();
    assertThat(leader.lost()).isDone();
    assertThat(other.term().orElseThrow()).isGreaterThan(term);
  }

  @Test
  void whenTheLeadersSyncClosesTheOtherLeadsWithinTheTtlAndTheFirstIsTold() throws InterruptedException {
    String id = id("failover");
    Sync a = first();
    Leader x = a.leader(id, TTL);
    assertThat(x.awaitLeadership(LONG)).isTrue();
    Leader y = second().leader(id, TTL);
    assertThat(y.awaitLeadership(Duration.ofMillis(300))).isFalse();

    long start = System.nanoTime();
    a.close();

    assertThat(y.awaitLeadership(TTL.plus(SLACK))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TTL.plus(SLACK));
    await().atMost(Duration.ofSeconds(5)).until(() -> x.lost().isDone());
    assertThat(x.isLeader()).isFalse();
  }

  @Test
  void aCandidateThatResignsBeforeLeadingNeverLeads() throws InterruptedException {
    String id = id("quitter");
    Leader x = first().leader(id, TTL);
    assertThat(x.awaitLeadership(LONG)).isTrue();
    Leader y = second().leader(id, TTL);

    y.resign();
    x.resign();

    assertThat(y.awaitLeadership(Duration.ofMillis(500))).isFalse();
    assertThat(y.lost()).isNotDone();
  }
}
