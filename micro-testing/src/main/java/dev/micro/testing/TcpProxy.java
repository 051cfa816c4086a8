package dev.micro.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder for outage tests: clients connect to {@link #port()}, bytes go to and
 * from the target port. {@link #cut()} closes every open connection and turns new ones away (each
 * is accepted and closed at once) until {@link #restore()}, so a test can take a shared server
 * "away" for one client without stopping it. Safe for concurrent use; one virtual thread per
 * direction of each connection.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start(5432)) {
 *   Store store = connectTo(proxy.port());
 *   proxy.cut();      // calls now fail
 *   proxy.restore();  // and work again
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  private TcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
  public static TcpProxy start(int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      TcpProxy proxy = new TcpProxy(server, targetPort);
      Thread.ofVirtual().name("tcp-proxy-accept").start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every connection and turns new ones away until {@link #restore()}. */
  public void cut() {
    down = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Forwards new connections again. */
  public void restore() {
    down = false;
  }

  @Override
  public void close() {
    cut();
    closeQuietly(server);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (down) {
        closeQuietly(client);
        continue;
      }
      Thread.ofVirtual().start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
    } catch (IOException e) {
      drop(client, upstream);
      return;
    }
    if (down) {
      drop(client, upstream);
      return;
    }
    Thread.ofVirtual().start(() -> pump(client, upstream));
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: end both
    } finally {
      drop(from, to);
    }
  }

  private void drop(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
