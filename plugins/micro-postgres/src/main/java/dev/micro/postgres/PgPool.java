package dev.micro.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.micro.plugin.PluginUri;
import java.time.Duration;
import java.util.Map;

/** Turns a store URL into a HikariCP pool over pgjdbc. */
final class PgPool {
  private PgPool() {}

  static HikariDataSource open(PluginUri uri) {
    if (uri.hosts().isEmpty()) {
      throw new IllegalArgumentException("postgres store: '" + uri + "' (expected: " + uri.scheme() + "://user@host:port/dbname)");
    }
    int defaultPort = uri.scheme().equals("cockroach") ? 26257 : 5432;
    StringBuilder hosts = new StringBuilder();
    for (String h : uri.hosts()) {
      hosts.append(hosts.isEmpty() ? "" : ",").append(h.contains(":") ? h : h + ":" + defaultPort);
    }
    String db = uri.path().length() > 1 ? uri.path().substring(1) : "postgres";
    Duration connectTimeout = uri.durationParam("connectTimeout").orElse(Duration.ofSeconds(3));
    int poolSize = Integer.parseInt(uri.param("pool").orElse("10"));
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool: " + poolSize + " (expected: >= 1)");
    }

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://" + hosts + "/" + db);
    uri.user().ifPresent(u -> {
      int colon = u.indexOf(':');
      config.setUsername(colon < 0 ? u : u.substring(0, colon));
      if (colon >= 0) {
        config.setPassword(u.substring(colon + 1));
      }
    });
    config.setPoolName("micro-store-" + uri.hosts().getFirst());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(connectTimeout.toMillis(), 2000)));
    config.setInitializationFailTimeout(-1); // start even while the server is down; calls fail until it is up
    long seconds = Math.max(1, connectTimeout.toSeconds());
    config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    for (Map.Entry<String, String> p : uri.params().entrySet()) {
      if (!p.getKey().equals("connectTimeout") && !p.getKey().equals("pool")) {
        config.addDataSourceProperty(p.getKey(), p.getValue()); // sslmode, applicationName, ...
      }
    }
    return new HikariDataSource(config);
  }
}
