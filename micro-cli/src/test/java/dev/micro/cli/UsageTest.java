package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Help, version and usage errors, which need no service. */
class UsageTest {

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("services", "describe", "call", "run", "--registry", "--transport");
  }

  @Test
  void commandHelpDescribesItsOptions() {
    CliRun run = CliRun.of("call", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--stream", "--timeout", "-H", "KEY:VALUE");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("micro ").doesNotContain("unknown").doesNotContain("${");
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    CliRun run = CliRun.of("call", "greeter");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter");
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    CliRun run = CliRun.of("call", "--timeout", "soon", "greeter", "Greeter.Hello");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout").contains("soon");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }

  @Test
  void anUnknownRegistrySchemeIsAUsageError() {
    CliRun run = CliRun.of("--registry", "nosuch://x", "services");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nosuch");
  }
}
