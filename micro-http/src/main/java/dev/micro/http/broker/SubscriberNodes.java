package dev.micro.http.broker;

import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.util.List;

/** Picks HTTP broker subscriber nodes out of {@code micro.http.broker} records. Stateless. */
final class SubscriberNodes {
  private SubscriberNodes() {}

  /** The nodes of {@code r} with {@code broker=http} subscribed to {@code topic}. */
  static List<Node> of(ServiceRecord r, String topic) {
    return r.nodes().stream()
        .filter(n -> "http".equals(n.meta("broker", "")) && topic.equals(n.meta("topic", ""))).toList();
  }

  static Node find(List<ServiceRecord> records, String topic, String id) {
    for (ServiceRecord r : records) {
      for (Node n : of(r, topic)) {
        if (n.id().equals(id)) {
          return n;
        }
      }
    }
    return null;
  }

  /** The members of queue {@code group} subscribed to {@code topic}; empty when it has none. */
  static List<Node> members(List<ServiceRecord> records, String topic, String group) {
    return records.stream().filter(r -> r.version().equals(group)).flatMap(r -> of(r, topic).stream()).toList();
  }
}
