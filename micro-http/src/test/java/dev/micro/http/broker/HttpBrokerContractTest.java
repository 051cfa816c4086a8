package dev.micro.http.broker;

import dev.micro.Micro;
import dev.micro.broker.Broker;
import dev.micro.testing.BrokerContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the broker contract on the HTTP broker, finding subscribers in a file registry. */
class HttpBrokerContractTest extends BrokerContract {
  @TempDir Path registryDir;

  @Override
  protected Broker newBroker() {
    String registry = URLEncoder.encode("file://" + registryDir.toAbsolutePath(), StandardCharsets.UTF_8);
    return Micro.broker("http://127.0.0.1:0?registry=" + registry);
  }

  @Override
  protected boolean redelivers() {
    return false; // no acknowledgements on the wire: a failed handler is counted, not retried
  }
}
