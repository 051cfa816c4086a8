package dev.micro.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The publishes on one confirm-mode channel that the server has not confirmed yet, each a future
 * the publisher waits on outside the publish lock, so that concurrent publishers share round
 * trips. A confirm for tag {@code n} with {@code multiple} settles every tag up to {@code n}. When
 * the channel shuts down (its connection was lost) every outstanding publish fails: the
 * recovered channel numbers its publishes from 1 again, and what the old one had sent may or may
 * not have reached a queue.
 */
final class PublisherConfirms implements ConfirmListener {
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();

  PublisherConfirms(Channel channel) throws IOException {
    channel.confirmSelect();
    channel.addConfirmListener(this);
    channel.addShutdownListener(this::failAll);
  }

  /** Tracks the publish about to go out as {@code tag}; call under the lock that serialises publishes. */
  CompletableFuture<Void> expect(long tag) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    outstanding.put(tag, f);
    return f;
  }

  /** Stops tracking {@code tag}: its publish failed before it was sent, or its publisher gave up waiting. */
  void forget(long tag) {
    outstanding.remove(tag);
  }

  /** How many publishes are waiting for the server. */
  int outstanding() {
    return outstanding.size();
  }

  @Override
  public void handleAck(long tag, boolean multiple) {
    settle(tag, multiple, null);
  }

  @Override
  public void handleNack(long tag, boolean multiple) {
    settle(tag, multiple, new IOException("the server refused the message (basic.nack)"));
  }

  private void settle(long tag, boolean multiple, Exception failure) {
    settle(multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true), failure);
  }

  private void failAll(ShutdownSignalException cause) {
    settle(outstanding, new IOException("the connection was lost before the server confirmed: " + cause.getMessage(),
        cause));
  }

  private static void settle(java.util.Map<Long, CompletableFuture<Void>> which, Exception failure) {
    for (var e : which.entrySet()) {
      if (which.remove(e.getKey(), e.getValue())) {
        if (failure == null) {
          e.getValue().complete(null);
        } else {
          e.getValue().completeExceptionally(failure);
        }
      }
    }
  }
}
