package dev.micro.sync;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One candidate in a leader election, from {@link Sync#leader}. It campaigns in the background
 * from the moment it is made; at most one candidate per id leads at a time. A candidacy ends once:
 * by {@link #resign()}, by losing leadership (its lease expired, the backend was lost, the
 * {@code Sync} closed), or by its {@code Sync} closing; to stand again, ask the {@code Sync} for a
 * new candidate. Safe for concurrent use.
 *
 * <pre>{@code
 * Leader leader = sync.leader("scheduler");
 * leader.awaitLeadership(Duration.ofMinutes(1));
 * leader.lost().thenRun(scheduler::stop);
 * }</pre>
 */
public interface Leader extends AutoCloseable {
  /** The election's id. */
  String id();

  /** Whether this candidate leads now. */
  boolean isLeader();

  /**
   * Waits until this candidate leads. Returns {@code false} when {@code timeout} passes first or
   * the candidacy has ended without (or after) leading.
   */
  boolean awaitLeadership(Duration timeout) throws InterruptedException;

  /** The fencing token of this candidate's leadership, while it leads; larger for later leaders. */
  OptionalLong term();

  /**
   * Completes when this candidate, having led, stops leading for any reason, {@link #resign()}
   * included. Never completes for a candidate that never led.
   */
  CompletableFuture<Void> lost();

  /** Gives up leadership, or stops campaigning; the next candidate can then lead. Idempotent. */
  void resign();

  /** {@link #resign()}. */
  @Override
  default void close() {
    resign();
  }
}
