package dev.micro.cli;

import dev.micro.MicroException;
import dev.micro.auth.Account;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.Token;
import dev.micro.auth.TokenOptions;
import dev.micro.auth.jwt.JwtAuth;
import dev.micro.internal.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code micro auth}: accounts, tokens and rules of the embedded auth under
 * {@code $MICRO_HOME/auth} (keys, accounts and {@code rules.json}).
 *
 * <pre>{@code
 * micro auth create account orders --type service --scopes orders,payments.call
 * micro auth token orders --secret <secret>
 * micro auth inspect <access-token>
 * micro auth rules create orders-callers --scope orders --resource service:orders:*
 * }</pre>
 */
@Command(
    name = "auth",
    description = "Manages accounts, tokens and rules under $MICRO_HOME/auth.",
    subcommands = {AuthCommand.Create.class, AuthCommand.TokenCmd.class, AuthCommand.Inspect.class, RulesCommand.class})
final class AuthCommand implements Runnable {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: one of create, token, inspect, rules");
  }

  /** What the auth subcommands share: output streams and failures as exit codes. */
  abstract static class Sub implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec CommandSpec spec;

    abstract int execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
      try {
        return execute();
      } catch (MicroException e) {
        err().println(e.toJson());
        return MicroCommand.FAILED;
      } catch (IllegalArgumentException e) {
        err().println("micro: " + e.getMessage());
        return MicroCommand.USAGE;
      } finally {
        out().flush();
        err().flush();
      }
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    static JwtAuth auth() {
      return JwtAuth.create();
    }
  }

  /** {@code micro auth create account}. */
  @Command(name = "create", description = "Creates an account.", subcommands = CreateAccount.class)
  static final class Create implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: account");
    }
  }

  /** {@code micro auth create account <id>}: prints the id and the secret, which cannot be read again. */
  @Command(name = "account", description = "Creates an account and prints its secret, once.")
  static final class CreateAccount extends Sub {
    @Parameters(paramLabel = "ID", description = "The account id.")
    String id;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "user", description = "user or service (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--scopes", paramLabel = "SCOPES", split = ",", description = "Comma-separated scopes.")
    List<String> scopes = List.of();

    @Override
    int execute() {
      AccountOptions o = Account.Type.of(type) == Account.Type.SERVICE ? AccountOptions.service() : AccountOptions.user();
      Account a = auth().generate(id, o.withScopes(scopes.toArray(String[]::new)));
      out().println("id: " + a.id());
      out().println("secret: " + a.secret().orElseThrow());
      return 0;
    }
  }

  /** {@code micro auth token <id> --secret S}: prints an access and a refresh token. */
  @Command(name = "token", description = "Exchanges an account's secret for an access and a refresh token.")
  static final class TokenCmd extends Sub {
    @Parameters(paramLabel = "ID", description = "The account id.")
    String id;

    @Option(names = "--secret", required = true, paramLabel = "SECRET", description = "The account's secret.")
    String secret;

    @Override
    int execute() {
      Token t = auth().token(TokenOptions.credentials(id, secret));
      out().println("access: " + t.accessToken());
      out().println("refresh: " + t.refreshToken());
      out().println("expiry: " + t.expiry());
      return 0;
    }
  }

  /** {@code micro auth inspect <token>}: prints the account a token stands for, as JSON. */
  @Command(name = "inspect", description = "Prints the account an access token stands for, as JSON.")
  static final class Inspect extends Sub {
    @Parameters(paramLabel = "TOKEN", description = "An access token.")
    String token;

    @Override
    int execute() {
      Account a = auth().inspect(token);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("type", a.type().wireName());
      m.put("issuer", a.issuer());
      m.put("scopes", a.scopes());
      m.put("metadata", a.metadata());
      out().println(Json.write(m));
      return 0;
    }
  }
}
