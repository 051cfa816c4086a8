package dev.micro.nats;

import dev.micro.broker.Broker;
import dev.micro.broker.BrokerProvider;
import dev.micro.plugin.PluginUri;

/**
 * Serves {@code nats://[user:password@]host:4222[,host2:4222][?reconnectWait=250ms&name=svc&format=envelope|headers|binary&pendingMessages=N&pendingBytes=N]}:
 * a {@link NatsBroker}. Without a host, {@code 127.0.0.1:4222}. A user part without a colon is
 * taken as a token.
 */
public final class NatsBrokerProvider implements BrokerProvider {
  @Override
  public String scheme() {
    return "nats";
  }

  @Override
  public String module() {
    return "micro-nats";
  }

  @Override
  public Broker create(PluginUri uri) {
    NatsBrokerBuilder b = NatsBrokerBuilder.fromUri(uri);
    uri.param("format").ifPresent(f -> b.format(NatsWireFormat.parse(f)));
    return b.build();
  }
}
