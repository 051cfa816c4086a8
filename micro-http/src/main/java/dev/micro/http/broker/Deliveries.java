package dev.micro.http.broker;

import dev.micro.http.broker.RetryInbox.Pending;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import dev.micro.transport.ConnectFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The publishing side of an {@link HttpBroker}: POSTs envelopes to subscriber nodes and keeps
 * what could not be delivered in the retry inbox. A broadcast node gets its own POST; a queue's
 * message goes to a random member, and a member that is gone (404, no connection) or busy (503)
 * is passed over for another, up to {@link #MEMBERS_PER_TRY} members. A subscriber that refuses a
 * message (400, 413) is logged and never retried. Thread-safe.
 */
final class Deliveries {
  /** How many members of a queue one delivery attempt tries before the message waits for a retry. */
  static final int MEMBERS_PER_TRY = 3;
  private static final int MAX_REASON = 512;
  private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

  private enum Outcome { DELIVERED, REFUSED, NOT_FOUND, UNREACHABLE, BUSY, FAILED }

  private final RetryInbox retries;
  private final Supplier<HttpClient> client;

  Deliveries(RetryInbox retries, Supplier<HttpClient> client) {
    this.retries = retries;
    this.client = client;
  }

  /** Sends a new envelope to every broadcast node of {@code topic} and to one member of each queue. */
  void publish(List<ServiceRecord> records, String topic, byte[] envelope, String messageId) {
    for (ServiceRecord r : records) {
      List<Node> nodes = SubscriberNodes.of(r, topic);
      if (nodes.isEmpty()) {
        continue;
      }
      if (HttpBroker.BROADCAST.equals(r.version())) {
        for (Node n : nodes) {
          toNode(n, new Pending(topic, r.version(), n.id(), envelope, messageId, 1));
        }
      } else {
        toQueue(nodes, new Pending(topic, r.version(), null, envelope, messageId, 1));
      }
    }
  }

  /**
   * Tries up to {@code max} entries of the retry inbox again, against {@code records}; each
   * attempt counts as a try, whether or not its subscriber is still listed.
   */
  void retry(List<ServiceRecord> records, int max) {
    for (Pending p : retries.take(max)) {
      Pending again = p.next();
      if (p.nodeId() == null) {
        toQueue(SubscriberNodes.members(records, p.topic(), p.group()), again);
        continue;
      }
      Node n = SubscriberNodes.find(records, p.topic(), p.nodeId());
      if (n == null) {
        retries.add(again); // not listed now (ended, or the registry lags): a failed try
      } else {
        toNode(n, again);
      }
    }
  }

  private void toNode(Node n, Pending p) {
    switch (post(n, p)) {
      case DELIVERED, REFUSED -> {}
      case NOT_FOUND -> LOG.log(System.Logger.Level.DEBUG, "subscriber {0} has ended; message {1} on topic {2} not delivered to it",
          n.id(), p.messageId(), p.topic());
      default -> retries.add(p);
    }
  }

  private void toQueue(List<Node> members, Pending p) {
    List<Node> order = new ArrayList<>(members);
    Collections.shuffle(order, ThreadLocalRandom.current());
    for (Node n : order.subList(0, Math.min(order.size(), MEMBERS_PER_TRY))) {
      switch (post(n, p)) {
        case DELIVERED, REFUSED -> {
          return;
        }
        case FAILED -> { // the member may have it already: not sent to another one now
          retries.add(p);
          return;
        }
        default -> {} // gone or busy: the next member
      }
    }
    retries.add(p);
  }

  private Outcome post(Node node, Pending p) {
    HttpRequest req;
    try {
      req = HttpRequest.newBuilder(URI.create("http://" + node.address() + "/?id="
              + URLEncoder.encode(node.id(), StandardCharsets.UTF_8)))
          .timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(p.envelope())).build();
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "subscriber {0} has an unusable address ''{1}'': {2}",
          node.id(), node.address(), e.getMessage());
      return Outcome.UNREACHABLE;
    }
    HttpResponse<InputStream> response;
    try {
      response = client.get().send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      return Outcome.UNREACHABLE;
    } catch (IOException e) {
      return ConnectFailure.is(e) ? Outcome.UNREACHABLE : Outcome.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.FAILED;
    }
    int code = response.statusCode();
    String reason = readReason(response.body(), code / 100 == 2);
    return switch (code) {
      case 400, 413 -> {
        LOG.log(System.Logger.Level.WARNING, "subscriber {0} at {1} refused message {2} on topic {3} ({4} bytes): "
            + "HTTP {5} {6}; not retrying it", node.id(), node.address(), p.messageId(), p.topic(),
            p.envelope().length, code, reason);
        yield Outcome.REFUSED;
      }
      case 404 -> Outcome.NOT_FOUND;
      case 503 -> Outcome.BUSY;
      default -> code / 100 == 2 ? Outcome.DELIVERED : Outcome.FAILED;
    };
  }

  /** The start of an error reply's text; a success reply's body is read through and ignored. */
  private static String readReason(InputStream body, boolean success) {
    try (body) {
      if (success) {
        body.transferTo(OutputStream.nullOutputStream());
        return "";
      }
      return new String(body.readNBytes(MAX_REASON), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(reply unreadable: " + e.getMessage() + ")";
    }
  }
}
