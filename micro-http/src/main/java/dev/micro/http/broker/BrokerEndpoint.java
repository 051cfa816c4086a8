package dev.micro.http.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.micro.broker.JsonEnvelope;
import dev.micro.broker.Message;
import dev.micro.http.internal.Bodies;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Receives go-micro HTTP broker deliveries: {@code POST /?id=<nodeId>} with the JSON envelope as
 * body. Answers 200 once the message is queued for the subscription, 404 for a subscription that
 * is gone, 503 when its inbox is full (the publisher tries another member of a queue, else keeps
 * the message for a retry), 413 for a body over the size limit, 400 for a body that is not an
 * envelope with a {@code Micro-Topic} header.
 */
final class BrokerEndpoint implements HttpHandler {
  private final Map<String, HttpSubscription> subscriptions;
  private final int maxBytes;

  BrokerEndpoint(Map<String, HttpSubscription> subscriptions, int maxBytes) {
    this.subscriptions = subscriptions;
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "method not allowed");
        return;
      }
      byte[] body = Bodies.readAtMost(ex.getRequestBody(), maxBytes,
          Bodies.length(ex.getRequestHeaders().getFirst("Content-Length")));
      if (body == null) {
        reply(ex, 413, "message larger than " + maxBytes + " bytes");
        return;
      }
      Message m;
      try {
        m = JsonEnvelope.decode(body);
      } catch (IllegalArgumentException e) {
        reply(ex, 400, e.getMessage());
        return;
      }
      String topic = m.headers().get(Message.TOPIC_HEADER).orElse("");
      if (topic.isEmpty()) {
        reply(ex, 400, "Topic not found");
        return;
      }
      HttpSubscription s = subscriptions.get(query(ex.getRequestURI().getRawQuery(), "id"));
      if (s == null || !s.topic().equals(topic)) {
        reply(ex, 404, "no subscription " + query(ex.getRequestURI().getRawQuery(), "id") + " for topic " + topic);
        return;
      }
      if (!s.offer(m)) {
        reply(ex, s.isActive() ? 503 : 404, s.isActive() ? "subscriber busy" : "unsubscribed");
        return;
      }
      reply(ex, 200, "");
    }
  }

  private static void reply(HttpExchange ex, int code, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  private static String query(String raw, String name) {
    if (raw == null) {
      return "";
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      if (k.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
