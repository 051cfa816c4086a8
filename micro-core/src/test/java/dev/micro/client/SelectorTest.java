package dev.micro.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.registry.MemoryRegistry;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private final MemoryRegistry registry = new MemoryRegistry();
  private final Selector selector = new Selector(registry, Duration.ofSeconds(5), Duration.ofSeconds(30));

  @AfterEach
  void close() {
    selector.close();
    registry.close();
  }

  private void register(String... ids) {
    for (String id : ids) {
      registry.register(new ServiceRecord("svc", "latest", Map.of(), List.of(), List.of(new Node(id, id + ":1", Map.of()))), Duration.ofMinutes(1));
    }
  }

  @Test
  void anUnknownServiceIsNotFoundNamingIt() {
    assertThatThrownBy(() -> selector.select("nope", Strategy.random(), Optional.empty(), Set.of()))
        .isInstanceOf(MicroException.class)
        .satisfies(e -> assertThat(((MicroException) e).code()).isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining("nope");
  }

  @Test
  void aNodeThatCannotBeReachedIsEjected() {
    register("a", "b");
    Node a = selector.nodes("svc").get(0);
    selector.started(a);
    selector.failed(a, true, true);
    assertThat(selector.isEjected(a)).isTrue();
    Set<String> picked = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      picked.add(selector.select("svc", Strategy.roundRobin(), Optional.empty(), Set.of()).id());
    }
    assertThat(picked).containsExactly("b");
  }

  @Test
  void threeAvailabilityFailuresInARowEjectAndASuccessResets() {
    register("a");
    Node a = selector.nodes("svc").get(0);
    for (int i = 0; i < 2; i++) {
      selector.started(a);
      selector.failed(a, false, true);
    }
    assertThat(selector.isEjected(a)).isFalse();
    selector.started(a);
    selector.succeeded(a, 1000);
    selector.started(a);
    selector.failed(a, false, true);
    assertThat(selector.isEjected(a)).isFalse();
  }

  @Test
  void whenEveryNodeIsEjectedTheyAreTriedAnyway() {
    register("a");
    Node a = selector.nodes("svc").get(0);
    selector.started(a);
    selector.failed(a, true, true);
    assertThat(selector.select("svc", Strategy.random(), Optional.empty(), Set.of()).id()).isEqualTo("a");
  }

  @Test
  void nodesAlreadyTriedAreSkippedAndRunningOutIsUnavailable() {
    register("a", "b");
    assertThat(selector.select("svc", Strategy.random(), Optional.empty(), Set.of("a")).id()).isEqualTo("b");
    assertThatThrownBy(() -> selector.select("svc", Strategy.random(), Optional.empty(), Set.of("a", "b")))
        .satisfies(e -> assertThat(((MicroException) e).code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void theCachedViewFollowsTheRegistry() {
    register("a");
    assertThat(selector.nodes("svc")).extracting(Node::id).containsExactly("a");
    register("b");
    await().atMost(Duration.ofSeconds(5)).until(() -> selector.nodes("svc").size() == 2);
    registry.deregister(new ServiceRecord("svc", "latest", Map.of(), List.of(), List.of(new Node("a", "a:1", Map.of()))));
    await().atMost(Duration.ofSeconds(5)).until(() -> selector.nodes("svc").stream().map(Node::id).toList().equals(List.of("b")));
  }
}
