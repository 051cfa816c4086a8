package dev.micro.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PluginUriTest {

  @Test
  void parsesSeveralHostsPathAndQuery() {
    PluginUri u = PluginUri.parse("etcd://10.0.0.1:2379,10.0.0.2:2379/micro?ttl=30s&timeout=500ms");
    assertThat(u.scheme()).isEqualTo("etcd");
    assertThat(u.hosts()).containsExactly("10.0.0.1:2379", "10.0.0.2:2379");
    assertThat(u.path()).isEqualTo("/micro");
    assertThat(u.durationParam("ttl")).contains(Duration.ofSeconds(30));
    assertThat(u.durationParam("timeout")).contains(Duration.ofMillis(500));
    assertThat(PluginUri.parseDuration("retention", "7d")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void parsesUserAndBareSchemes() {
    PluginUri u = PluginUri.parse("postgres://app:s%40cret@db:5432/app");
    assertThat(u.user()).contains("app:s@cret");
    assertThat(u.hosts()).containsExactly("db:5432");
    assertThat(PluginUri.parse("memory").scheme()).isEqualTo("memory");
    assertThat(PluginUri.parse("file://").hosts()).isEmpty();
    assertThat(PluginUri.parse("file:///var/lib/micro").path()).isEqualTo("/var/lib/micro");
  }

  @Test
  void rejectsBadInputWithTheExpectedForm() {
    assertThatThrownBy(() -> PluginUri.parse("://x")).hasMessageContaining("expected: scheme://");
    assertThatThrownBy(() -> PluginUri.parse("etcd://h?ttl=soon").durationParam("ttl")).hasMessageContaining("ttl: 'soon'");
  }
}
