package dev.micro.client;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Caps retries so they cannot multiply an outage: every call earns {@code ratio} of a retry, every
 * retry spends one, and a floor of {@code minPerSecond} retries is always allowed. With the
 * defaults (0.2, 10/s) retries add at most about 20% load over the floor. Safe for concurrent use.
 */
public final class RetryBudget {
  private final double ratio;
  private final double minPerSecond;
  private final double cap;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens;
  private double floorTokens;
  private long lastRefill = System.nanoTime();

  public RetryBudget(double ratio, int minPerSecond) {
    if (ratio < 0 || minPerSecond < 0) {
      throw new IllegalArgumentException("ratio: " + ratio + ", minPerSecond: " + minPerSecond + " (expected: >= 0)");
    }
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.cap = Math.max(10, minPerSecond);
    this.floorTokens = minPerSecond;
  }

  public static RetryBudget defaults() {
    return new RetryBudget(0.2, 10);
  }

  /** Records a first attempt. */
  public void deposit() {
    lock.lock();
    try {
      tokens = Math.min(cap * 10, tokens + ratio);
    } finally {
      lock.unlock();
    }
  }

  /** Takes one retry from the budget; false when the budget is spent. */
  public boolean tryWithdraw() {
    lock.lock();
    try {
      long now = System.nanoTime();
      floorTokens = Math.min(minPerSecond, floorTokens + (now - lastRefill) / 1e9 * minPerSecond);
      lastRefill = now;
      if (floorTokens >= 1) {
        floorTokens -= 1;
        return true;
      }
      if (tokens >= 1 - 1e-9) {
        tokens -= 1;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }
}
