package dev.micro.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy for outage tests: it listens on {@code 127.0.0.1} at a random port and
 * forwards every connection to a target. {@link #cut()} drops every connection and refuses new
 * ones, as a server that went away; {@link #restore()} accepts again on the same port, as the
 * server coming back. Lets a test take a shared server "down" for one client only. Thread-safe.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 4222)) {
 *   Broker broker = NatsBroker.create("nats://" + proxy.address());
 *   proxy.cut();       // the client sees the server gone
 *   proxy.restore();   // and back
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;
  private boolean closed;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    acceptOn(listener);
  }

  /** A proxy to {@code 127.0.0.1:targetPort}. */
  public static TcpProxy start(int targetPort) {
    return start("127.0.0.1", targetPort);
  }

  /** A proxy to {@code host:port}, accepting at once. */
  public static TcpProxy start(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
  }

  /** The port the proxy listens on. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Closes every proxied connection and stops listening: new connections are refused. */
  public void cut() {
    lock.lock();
    try {
      closeQuietly(listener);
      listener = null;
      sockets.forEach(TcpProxy::closeQuietly);
      sockets.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Listens again on the same port. Does nothing if the proxy is listening. */
  public void restore() {
    lock.lock();
    try {
      if (closed || listener != null) {
        return;
      }
      listener = listen(port);
      acceptOn(listener);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen again on port " + port, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    cut();
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void acceptOn(ServerSocket server) {
    Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> {
      while (!server.isClosed()) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          return; // cut or closed
        }
        connect(client);
      }
    });
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    sockets.add(client);
    sockets.add(upstream);
    lock.lock();
    try {
      if (listener == null) { // cut while connecting
        closeQuietly(client);
        closeQuietly(upstream);
        return;
      }
    } finally {
      lock.unlock();
    }
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual().name("tcp-proxy-pump-" + port).start(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // a side closed: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    });
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // closing during teardown; nothing to do
    }
  }
}
