package dev.micro.auth.tls;

import dev.micro.transport.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.X509KeyManager;

/**
 * Keeps a service's identity fresh: issues a certificate at start, and a new one two thirds into
 * each certificate's lifetime, then tells its listeners. {@link #keyManager()} and
 * {@link #tlsConfig()} always present the current certificate, so a transport built on them uses
 * the renewed one for new connections without a restart.
 *
 * <pre>{@code
 * try (CertificateRenewer identity = CertificateRenewer.start(CertificateAuthority.embedded(), "orders")) {
 *   identity.onRenew(id -> log.info("renewed: {}", id));
 *   Service svc = Micro.service("orders").tls(identity.tlsConfig()).handle(new Orders()).start();
 * }
 * }</pre>
 *
 * <p>A failed renewal is logged and retried every few seconds while the old certificate lasts.
 * Safe for concurrent use; {@link #close()} stops renewing.
 */
public final class CertificateRenewer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CertificateRenewer.class.getName());
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final CertificateAuthority ca;
  private final String name;
  private final Duration validity;
  private final List<Consumer<ServiceIdentity>> listeners = new CopyOnWriteArrayList<>();
  private final IdentityKeyManager keyManager;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile ServiceIdentity current;
  private volatile boolean closed;

  private CertificateRenewer(CertificateAuthority ca, String name, Duration validity) {
    this.ca = ca;
    this.name = name;
    this.validity = validity;
    this.current = ca.issue(name, validity);
    this.keyManager = new IdentityKeyManager(() -> current);
    this.thread = Thread.ofVirtual().name("micro-cert-renewer-" + name).unstarted(this::loop);
  }

  /** Issues {@code serviceName}'s certificate for {@link CertificateAuthority#DEFAULT_VALIDITY} and keeps it renewed. */
  public static CertificateRenewer start(CertificateAuthority ca, String serviceName) {
    return start(ca, serviceName, CertificateAuthority.DEFAULT_VALIDITY);
  }

  /** Issues {@code serviceName}'s certificate for {@code validity} and keeps it renewed. */
  public static CertificateRenewer start(CertificateAuthority ca, String serviceName, Duration validity) {
    CertificateRenewer r = new CertificateRenewer(Objects.requireNonNull(ca, "ca"), serviceName, validity);
    r.thread.start();
    return r;
  }

  /** The identity now. */
  public ServiceIdentity current() {
    return current;
  }

  /** Calls {@code listener} with every renewed identity, on the renewer's thread. */
  public CertificateRenewer onRenew(Consumer<ServiceIdentity> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** A key manager presenting the current certificate at each handshake. */
  public X509KeyManager keyManager() {
    return keyManager;
  }

  /** TLS for a service or client: the current certificate, trusting the CA's. */
  public TlsConfig tlsConfig() {
    return TlsConfig.of(keyManager, ca.trustManager());
  }

  /** Issues a new certificate now, notifies the listeners, and returns it. */
  public ServiceIdentity renew() {
    ServiceIdentity next = ca.issue(name, validity);
    current = next;
    for (Consumer<ServiceIdentity> l : listeners) {
      try {
        l.accept(next);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a renewal listener of " + name + " failed", e);
      }
    }
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    return next;
  }

  private void loop() {
    long issuedAt = System.nanoTime();
    ServiceIdentity seen = current;
    while (!closed) {
      // Measured on this host's monotonic clock, so that a skewed wall clock cannot stall renewal.
      long wait = seen.lifetime().multipliedBy(2).dividedBy(3).toNanos() - (System.nanoTime() - issuedAt);
      lock.lock();
      try {
        while (!closed && current == seen && wait > 0) {
          wait = wake.awaitNanos(wait);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (closed) {
        return;
      }
      if (current == seen) {
        try {
          renew();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot renew the certificate of " + name + ": " + e.getMessage()
              + "; retrying in " + RETRY.toSeconds() + " s");
          sleepQuietly(RETRY);
          continue;
        }
      }
      seen = current;
      issuedAt = System.nanoTime();
    }
  }

  private void sleepQuietly(Duration d) {
    lock.lock();
    try {
      wake.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Stops renewing; the current identity stays usable until it expires. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }

  @Override
  public String toString() {
    return "CertificateRenewer[" + current + "]";
  }
}
