package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.rules.FileRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code micro auth ...} run in this JVM against a temporary Micro home. */
class AuthCommandTest {
  @TempDir Path home;
  String before;

  @BeforeEach
  void useTemporaryHome() {
    before = System.getProperty("micro.home");
    System.setProperty("micro.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (before == null) {
      System.clearProperty("micro.home");
    } else {
      System.setProperty("micro.home", before);
    }
  }

  static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
  }

  @Test
  void anAccountIsCreatedExchangedForTokensAndInspectedWithoutItsSecret() {
    CliRun created = CliRun.of("auth", "create", "account", "orders", "--type", "service", "--scopes", "orders,payments.call");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(line(created.out(), "id: ")).isEqualTo("orders");
    String secret = line(created.out(), "secret: ");

    CliRun token = CliRun.of("auth", "token", "orders", "--secret", secret);
    assertThat(token.exitCode()).as(token.err()).isZero();
    String access = line(token.out(), "access: ");
    assertThat(line(token.out(), "refresh: ")).isNotBlank();

    CliRun inspected = CliRun.of("auth", "inspect", access);
    assertThat(inspected.exitCode()).as(inspected.err()).isZero();
    assertThat(inspected.out()).contains("\"id\":\"orders\"").contains("\"type\":\"service\"")
        .contains("\"scopes\":[\"orders\",\"payments.call\"]").doesNotContain(secret);
    assertThat(home.resolve("auth")).isDirectory();
  }

  @Test
  void aWrongSecretOrABadTokenFailsWithoutEchoingThem() {
    CliRun.of("auth", "create", "account", "alice");

    CliRun token = CliRun.of("auth", "token", "alice", "--secret", "not-the-secret-at-all");
    assertThat(token.exitCode()).isEqualTo(1);
    assertThat(token.err()).contains("\"code\":401").doesNotContain("not-the-secret-at-all");

    CliRun inspected = CliRun.of("auth", "inspect", "garbage.token.value");
    assertThat(inspected.exitCode()).isEqualTo(1);
    assertThat(inspected.err()).doesNotContain("garbage.token.value");
  }

  @Test
  void anUnknownAccountTypeIsAUsageError() {
    CliRun r = CliRun.of("auth", "create", "account", "x", "--type", "robot");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("account type: 'robot' (expected: user or service)");
  }

  @Test
  void rulesAreCreatedListedAndDeletedInTheRulesFile() throws Exception {
    CliRun created = CliRun.of("auth", "rules", "create", "callers", "--scope", "orders", "--resource", "service:orders:*");
    assertThat(created.exitCode()).as(created.err()).isZero();
    CliRun.of("auth", "rules", "create", "no-admin", "--resource", "service:orders:Admin.*", "--access", "denied", "--priority", "5");
    CliRun.of("auth", "rules", "create", "hello", "--scope", "", "--resource", "service:greeter:Greeter.Hello");

    Path file = home.resolve("auth/rules.json");
    assertThat(FileRules.read(file)).containsExactly(
        Rule.grant("callers", "orders", Resource.service("orders", "*")),
        Rule.deny("no-admin", "*", Resource.service("orders", "Admin.*")).withPriority(5),
        Rule.grant("hello", Rule.PUBLIC, Resource.service("greeter", "Greeter.Hello")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    CliRun listed = CliRun.of("auth", "rules", "list");
    assertThat(listed.out().lines()).containsExactly(
        "ID\tSCOPE\tRESOURCE\tACCESS\tPRIORITY",
        "callers\torders\tservice:orders:*\tgranted\t0",
        "no-admin\t*\tservice:orders:Admin.*\tdenied\t5",
        "hello\t<public>\tservice:greeter:Greeter.Hello\tgranted\t0");

    assertThat(CliRun.of("auth", "rules", "delete", "no-admin").exitCode()).isZero();
    assertThat(FileRules.read(file)).extracting(Rule::id).containsExactly("callers", "hello");
    CliRun missing = CliRun.of("auth", "rules", "delete", "no-admin");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no rule with id 'no-admin'");
  }

  @Test
  void aMalformedResourceIsAUsageError() {
    CliRun r = CliRun.of("auth", "rules", "create", "x", "--resource", "orders");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--resource: 'orders' (expected: TYPE:NAME:ENDPOINT");
  }
}
