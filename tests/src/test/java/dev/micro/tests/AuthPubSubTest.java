package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.AuthClientInterceptor;
import dev.micro.auth.AuthServerInterceptor;
import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.Rules;
import dev.micro.auth.jwt.JwtAuth;
import dev.micro.broker.MemoryBroker;
import dev.micro.broker.Message;
import dev.micro.server.Subscriber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscription deliveries pass the same auth as calls: a token and a rule, or no handler. */
class AuthPubSubTest {
  record Paid(String order) {}

  /** The shop's only endpoint; it exists so the shop is a service. */
  public static class Ping {
    public String ping(String s) {
      return s;
    }
  }

  @TempDir Path registryDir;
  @TempDir Path authDir;
  final MemoryBroker broker = new MemoryBroker();
  final List<String> handled = new CopyOnWriteArrayList<>();
  Service billing;
  Service shop;

  @AfterEach
  void stop() {
    for (Service s : new Service[] {shop, billing}) {
      if (s != null) {
        s.stop();
      }
    }
    broker.close();
  }

  @Test
  void onlyEventsFromAPublisherWithTheRightScopeReachTheSubscriber() {
    JwtAuth auth = JwtAuth.builder().directory(authDir).hashIterations(10_000).build();
    Rules rules = Rules.of(Rule.grant("payers", "payments", Resource.service("billing", "payments")));
    billing = Micro.service("billing").registry(Fixtures.registryUrl(registryDir)).broker(broker)
        .subscribe("payments", Paid.class, (event, headers) -> handled.add(event.order()))
        .interceptor(new AuthServerInterceptor(auth, rules)).start();
    String secret = auth.generate("shop", AccountOptions.service().withScopes("payments")).secret().orElseThrow();
    shop = Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).broker(broker)
        .handle(new Ping())
        .clientInterceptor(new AuthClientInterceptor(auth, "shop", secret)).start();

    // No token at all: refused before the handler.
    broker.publish("payments", Message.of(dev.micro.Metadata.of("Content-Type", "application/json"),
        "{\"order\":\"forged\"}".getBytes(StandardCharsets.UTF_8)));
    Subscriber sub = billing.subscribers().get(0);
    await().until(() -> sub.refused() == 1);

    // The shop's own token, attached by its client interceptor: delivered.
    shop.publish("payments", new Paid("o-1"));
    await().until(() -> handled.contains("o-1"));
    assertThat(handled).containsExactly("o-1");
    assertThat(sub.refused()).isEqualTo(1);
  }

  @Test
  void aHandlerWhoseOwnCallIsRefusedFailsAndGetsTheEventAgainRatherThanBeingDeadLettered() {
    JwtAuth auth = JwtAuth.builder().directory(authDir).hashIterations(10_000).build();
    Rules rules = Rules.of(Rule.grant("payers", "payments", Resource.service("billing", "payments")));
    List<String> deadLetters = new CopyOnWriteArrayList<>();
    broker.subscribe("payments" + Subscriber.DEAD_LETTER_SUFFIX, d -> deadLetters.add(d.message().id()));
    billing = Micro.service("billing").registry(Fixtures.registryUrl(registryDir)).broker(broker)
        .subscribe("payments", Paid.class, (event, headers) -> {
          handled.add(event.order());
          if (handled.size() == 1) {
            // the handler's own onward call was refused: not a refusal of this delivery
            throw new dev.micro.MicroException(dev.micro.Status.PERMISSION_DENIED.withDescription("ledger said no"),
                "ledger");
          }
        })
        .interceptor(new AuthServerInterceptor(auth, rules)).start();
    String secret = auth.generate("shop", AccountOptions.service().withScopes("payments")).secret().orElseThrow();
    shop = Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).broker(broker)
        .handle(new Ping())
        .clientInterceptor(new AuthClientInterceptor(auth, "shop", secret)).start();

    shop.publish("payments", new Paid("o-1"));
    await().until(() -> handled.size() == 2); // the memory broker delivers a failed message again
    Subscriber sub = billing.subscribers().get(0);
    assertThat(handled).containsExactly("o-1", "o-1");
    assertThat(sub.failed()).isEqualTo(1);
    assertThat(sub.refused()).isZero();
    assertThat(deadLetters).isEmpty();
  }
}
