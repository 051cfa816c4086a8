package dev.micro.config;

import dev.micro.plugin.PluginProvider;
import dev.micro.plugin.PluginUri;

/**
 * Makes {@link ConfigSource}s for one URL scheme: {@code env://}, {@code system://},
 * {@code file:///etc/app.yaml}, {@code memory://}, {@code etcd://host:2379/prefix}. Found with
 * {@link java.util.ServiceLoader}; list implementations in
 * {@code META-INF/services/dev.micro.config.ConfigSourceProvider}.
 */
public interface ConfigSourceProvider extends PluginProvider {
  /** A source for {@code uri}; misconfiguration throws {@link IllegalArgumentException}. */
  ConfigSource create(PluginUri uri);
}
