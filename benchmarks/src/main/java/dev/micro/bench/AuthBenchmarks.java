package dev.micro.bench;

import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.auth.AccountOptions;
import dev.micro.auth.AuthClientInterceptor;
import dev.micro.auth.AuthServerInterceptor;
import dev.micro.auth.Resource;
import dev.micro.auth.Rule;
import dev.micro.auth.Rules;
import dev.micro.auth.jwt.JwtAuth;
import dev.micro.auth.tls.CertificateAuthority;
import dev.micro.auth.tls.IdentityKeyManager;
import dev.micro.examples.greeter.GreeterService;
import dev.micro.examples.greeter.HelloReply;
import dev.micro.examples.greeter.HelloRequest;
import dev.micro.registry.MemoryRegistry;
import dev.micro.transport.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What security costs, side by side in one run: unary Hello on gRPC with no auth, with JWT auth
 * and rules checked on every call, and over mTLS, each called through Micro's client.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.micro.bench.AuthBenchmarks [--seconds 5] [--warmup 5]
 * </pre>
 */
public final class AuthBenchmarks {
  private static final HelloRequest HELLO = HelloRequest.newBuilder().setName("Alice").build();
  private static final int ROUNDS = 3;

  private AuthBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(Benchmarks.intArg(args, "--seconds", 5));
    Duration warmup = Duration.ofSeconds(Benchmarks.intArg(args, "--warmup", 5));
    Path home = Files.createTempDirectory("micro-auth-bench");
    JwtAuth auth = JwtAuth.builder().directory(home.resolve("auth")).build();
    Rules rules = Rules.of(Rule.grant("callers", "greeter", Resource.service("greeter-auth", "*")));
    String secret = auth.generate("bench", AccountOptions.service().withScopes("greeter")).secret().orElseThrow();
    CertificateAuthority ca = CertificateAuthority.open(home.resolve("ca"));
    TlsConfig serverTls = TlsConfig.of(IdentityKeyManager.of(ca.issue("greeter-tls")), ca.trustManager());
    TlsConfig clientTls = TlsConfig.of(IdentityKeyManager.of(ca.issue("bench")), ca.trustManager());

    MemoryRegistry registry = new MemoryRegistry();
    List<Service> services = List.of(
        Micro.service("greeter-plain").registry(registry).handle(new GreeterService()).start(),
        Micro.service("greeter-auth").registry(registry).handle(new GreeterService())
            .interceptor(new AuthServerInterceptor(auth, rules)).start(),
        Micro.service("greeter-tls").registry(registry).handle(new GreeterService()).tls(serverTls).start());
    Client plain = Micro.client().registry(registry).localCalls(false).build();
    Client withToken = Micro.client().registry(registry).localCalls(false)
        .interceptor(new AuthClientInterceptor(auth, "bench", secret)).build();
    Client withCert = Micro.client().registry(registry).localCalls(false).tls(clientTls).build();

    System.out.printf("Micro unary Hello on gRPC: plaintext vs JWT auth + rules vs mTLS; %d interleaved rounds of %d s, median shown%n%n",
        ROUNDS, measure.toSeconds());
    List<String> names = List.of("plaintext", "auth + rules", "mTLS");
    List<Load.Call> calls = List.of(
        () -> plain.call("greeter-plain", "Greeter.Hello", HELLO, HelloReply.class),
        () -> withToken.call("greeter-auth", "Greeter.Hello", HELLO, HelloReply.class),
        () -> withCert.call("greeter-tls", "Greeter.Hello", HELLO, HelloReply.class));
    for (int c : new int[] {1, 64}) {
      List<List<Load.Result>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int i = 0; i < calls.size(); i++) {
        Load.run(names.get(i), c, warmup, Duration.ZERO, calls.get(i));
      }
      for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < calls.size(); i++) {
          rounds.get(i).add(Load.run(names.get(i), c, Duration.ZERO, measure, calls.get(i)));
        }
      }
      System.out.printf("concurrency %d:%n", c);
      Load.Result base = Load.median(rounds.get(0));
      for (List<Load.Result> rs : rounds) {
        Load.Result m = Load.median(rs);
        System.out.printf("  %-13s %,10.0f calls/s   p50 %7.1f us   p99 %7.1f us   errors %d   vs plaintext %.2fx%n",
            m.name(), m.perSecond(), m.p50Micros(), m.p99Micros(), m.errors(), m.perSecond() / base.perSecond());
      }
      System.out.println();
    }
    plain.close();
    withToken.close();
    withCert.close();
    services.forEach(Service::stop);
    registry.close();
  }

}
