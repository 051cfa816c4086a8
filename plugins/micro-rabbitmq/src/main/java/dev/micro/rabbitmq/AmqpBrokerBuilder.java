package dev.micro.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import dev.micro.MicroException;
import dev.micro.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Configures an {@link AmqpBroker}. Defaults: {@code guest:guest@127.0.0.1:5672}, virtual host
 * {@code /}, exchange {@code micro}, prefetch 64 per subscription, 5 redeliveries before
 * dead-lettering, recovery attempts every 500 ms, heartbeat 10 s, bodies up to 128 MiB,
 * transient messages without publisher confirms (as go-micro). Not thread-safe.
 *
 * <pre>{@code
 * AmqpBroker broker = AmqpBroker.builder().addresses(List.of("10.0.0.1:5672")).credentials("svc", "s3cret").build();
 * }</pre>
 */
public final class AmqpBrokerBuilder {
  private final List<Address> addresses = new ArrayList<>();
  private String user = "guest";
  private String password = "guest";
  private String virtualHost = "/";
  private String exchange = AmqpBroker.EXCHANGE;
  private int prefetch = 64;
  private int maxRedeliveries = 5;
  private Duration recoveryInterval = Duration.ofMillis(500);
  private Duration heartbeat = Duration.ofSeconds(10);
  private boolean persistent;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private Duration confirmTimeout;

  /** RabbitMQ's default {@code max_message_size}: 128 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;

  AmqpBrokerBuilder() {}

  /** The servers as {@code host[:port]}, tried in order; replaces earlier ones. */
  public AmqpBrokerBuilder addresses(List<String> hostPorts) {
    Objects.requireNonNull(hostPorts, "hostPorts");
    addresses.clear();
    hostPorts.forEach(h -> addresses.add(Address.parseAddress(Objects.requireNonNull(h, "address"))));
    return this;
  }

  /** User and password; default {@code guest:guest}. */
  public AmqpBrokerBuilder credentials(String user, String password) {
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** The virtual host; default {@code /}. */
  public AmqpBrokerBuilder virtualHost(String virtualHost) {
    this.virtualHost = Objects.requireNonNull(virtualHost, "virtualHost");
    return this;
  }

  /** The topic exchange to publish to and bind queues on; {@code micro} as in go-micro. */
  public AmqpBrokerBuilder exchange(String exchange) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    return this;
  }

  /** Unacknowledged deliveries in flight per subscription; default 64. */
  public AmqpBrokerBuilder prefetch(int prefetch) {
    if (prefetch < 1 || prefetch > 65_535) {
      throw new IllegalArgumentException("prefetch: " + prefetch + " (expected: 1..65535)");
    }
    this.prefetch = prefetch;
    return this;
  }

  /** How often one message is requeued after a nack before it is dead-lettered; default 5. */
  public AmqpBrokerBuilder maxRedeliveries(int maxRedeliveries) {
    if (maxRedeliveries < 0) {
      throw new IllegalArgumentException("maxRedeliveries: " + maxRedeliveries + " (expected: >= 0)");
    }
    this.maxRedeliveries = maxRedeliveries;
    return this;
  }

  /** The pause between connection recovery attempts; default 500 ms. */
  public AmqpBrokerBuilder recoveryInterval(Duration interval) {
    this.recoveryInterval = positive("recoveryInterval", interval);
    return this;
  }

  /**
   * The AMQP heartbeat, which finds a dead connection; default 10 s. AMQP negotiates it in whole
   * seconds: 0 turns it off, and anything else that is not whole seconds up to 65535 is refused
   * (rather than rounded, which turned 500 ms into off).
   */
  public AmqpBrokerBuilder heartbeat(Duration heartbeat) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative() || heartbeat.toNanos() % 1_000_000_000L != 0 || heartbeat.toSeconds() > 65_535) {
      String shown = heartbeat.toNanos() % 1_000_000L == 0 ? heartbeat.toMillis() + "ms" : heartbeat.toString();
      throw new IllegalArgumentException("heartbeat: " + shown + " (expected: 0 or whole seconds, at most 65535)");
    }
    this.heartbeat = heartbeat;
    return this;
  }

  /**
   * Whether messages are persistent (delivery mode 2): kept on disk in durable queues, the queues
   * of queue groups, so that they survive a server restart; default {@code false}, as go-micro.
   */
  public AmqpBrokerBuilder persistent(boolean persistent) {
    this.persistent = persistent;
    return this;
  }

  /**
   * The largest body a publish sends, in bytes; a larger one is refused with
   * {@code RESOURCE_EXHAUSTED} before it is sent. Default 128 MiB, RabbitMQ's default
   * {@code max_message_size}; set it to the server's if that is lower. (The server closes the
   * publish channel on a message over its limit; the broker then opens a new one for the next
   * publish.)
   */
  public AmqpBrokerBuilder maxMessageSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxMessageSize: " + bytes + " (expected: >= 1 byte)");
    }
    this.maxMessageSize = bytes;
    return this;
  }

  /**
   * Publisher confirms: each publish waits up to {@code timeout} until the server has taken the
   * message, and throws {@code UNAVAILABLE} otherwise. Off by default.
   */
  public AmqpBrokerBuilder confirms(Duration timeout) {
    this.confirmTimeout = positive("confirmTimeout", timeout);
    return this;
  }

  /**
   * Connects and declares the exchanges.
   *
   * @throws MicroException with {@code UNAVAILABLE} if no server can be reached
   */
  public AmqpBroker build() {
    try {
      return new AmqpBroker(this);
    } catch (IOException | TimeoutException | RuntimeException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("cannot connect to " + describe() + ": " + e)
          .withCause(e), "micro.broker");
    }
  }

  ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    f.setUsername(user);
    f.setPassword(password);
    f.setVirtualHost(virtualHost);
    f.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    f.setRequestedHeartbeat((int) heartbeat.toSeconds());
    f.setConnectionTimeout(5_000);
    return f;
  }

  List<Address> addresses() {
    return addresses.isEmpty() ? List.of(new Address("127.0.0.1", 5672)) : List.copyOf(addresses);
  }

  String describe() {
    List<String> hosts = addresses().stream()
        .map(a -> a.getHost() + ":" + (a.getPort() < 0 ? 5672 : a.getPort())).toList();
    return "amqp://" + String.join(",", hosts) + (virtualHost.equals("/") ? "" : "/" + virtualHost);
  }

  String exchange() {
    return exchange;
  }

  int prefetch() {
    return prefetch;
  }

  int maxRedeliveries() {
    return maxRedeliveries;
  }

  boolean persistent() {
    return persistent;
  }

  int maxMessageSize() {
    return maxMessageSize;
  }

  /** The confirm timeout, or null without publisher confirms. */
  Duration confirmTimeout() {
    return confirmTimeout;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }
}
