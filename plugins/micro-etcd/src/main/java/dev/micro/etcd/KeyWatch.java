package dev.micro.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for one key to be deleted, with an etcd watch. */
final class KeyWatch {
  private KeyWatch() {}

  /**
   * Waits until {@code key} is deleted after {@code revision}, or until {@code deadlineNanos};
   * returns {@code false} on the deadline. A failed watch returns {@code true} so that the caller
   * looks again.
   */
  static boolean awaitDeletion(Etcd etcd, ByteSequence key, long revision, long deadlineNanos) throws InterruptedException {
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    WatchOption option = WatchOption.builder().withRevision(revision + 1).withNoPut(true).build();
    try (Watch.Watcher w = etcd.client.getWatchClient().watch(key, option, Watch.listener(response -> {
      for (WatchEvent e : response.getEvents()) {
        if (e.getEventType() == WatchEvent.EventType.DELETE) {
          deleted.complete(null);
        }
      }
    }, deleted::completeExceptionally))) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      deleted.get(left, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
