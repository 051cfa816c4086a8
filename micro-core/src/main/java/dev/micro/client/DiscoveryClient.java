package dev.micro.client;

import dev.micro.CallContext;
import dev.micro.CallOptions;
import dev.micro.CallType;
import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import dev.micro.plugin.Plugins;
import dev.micro.registry.Endpoint;
import dev.micro.registry.Node;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import dev.micro.server.LocalNodes;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.ConnectFailure;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.PeerService;
import dev.micro.transport.TlsConfig;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Client}: discovery through a {@link Selector}, codecs by content type, transports by
 * the node's {@code transport} metadata, the in-process path for nodes of this JVM, retries under a
 * {@link RetryBudget}. Made by {@code Micro.client()} or owned by a service.
 *
 * <p>Nodes registered with {@code secure=true} are called with the TLS of the transport options
 * (a client without TLS fails such calls with UNAVAILABLE); others in plaintext. On the
 * in-process path, the {@link PeerService#METADATA_KEY} entry is this client's own certificate
 * identity, never one set by the caller.
 */
public final class DiscoveryClient implements Client {
  private final Selector selector;
  private final Codecs codecs;
  private final Plugins<TransportProvider> transports;
  private final TransportOptions transportOptions;
  private final String defaultTransport;
  private final Strategy strategy;
  private final Duration timeout;
  private final int maxAttempts;
  private final RetryBudget budget;
  private final List<ClientInterceptor> interceptors;
  private final boolean ownsSelector;
  private final boolean localCalls;
  private final Map<String, ClientTransport> open = new ConcurrentHashMap<>();
  private final Optional<String> localPeer;

  /** Everything a client is made of; see {@code Micro.client()} for the builder users see. */
  public record Config(Selector selector, boolean ownsSelector, Codecs codecs, TransportOptions transportOptions,
      String defaultTransport, Strategy strategy, Duration timeout, int maxAttempts, RetryBudget budget,
      List<ClientInterceptor> interceptors, boolean localCalls) {}

  public DiscoveryClient(Config c) {
    this.selector = c.selector();
    this.ownsSelector = c.ownsSelector();
    this.codecs = c.codecs();
    this.transports = Plugins.load(TransportProvider.class, "transport");
    this.transportOptions = c.transportOptions();
    this.defaultTransport = c.defaultTransport();
    this.strategy = c.strategy();
    this.timeout = c.timeout();
    this.maxAttempts = c.maxAttempts();
    this.budget = c.budget();
    this.interceptors = List.copyOf(c.interceptors());
    this.localCalls = c.localCalls();
    this.localPeer = transportOptions.tls().flatMap(DiscoveryClient::identity);
  }

  /** The service named by the certificate a TLS config presents, if any. */
  private static Optional<String> identity(TlsConfig tls) {
    return tls.keyManager().flatMap(km -> {
      String alias = km.chooseClientAlias(new String[] {"EC", "RSA"}, null, null);
      java.security.cert.X509Certificate[] chain = alias == null ? null : km.getCertificateChain(alias);
      return chain == null || chain.length == 0 ? Optional.empty() : PeerService.of(chain[0]);
    });
  }

  public Selector selector() {
    return selector;
  }

  public Codecs codecs() {
    return codecs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T call(String service, String endpoint, Object request, Type responseType, CallOptions options) {
    java.util.Objects.requireNonNull(request, "request");
    return (T) intercepted(service, endpoint, options, opts -> {
      String contentType = opts.contentType().orElseGet(() -> Messages.defaultContentType(request.getClass()));
      byte[][] encoded = new byte[1][];
      return execute(service, endpoint, opts, (node, call, local) -> {
        if (local != null) {
          return callLocal(local, call, request, responseType);
        }
        if (encoded[0] == null) {
          encoded[0] = codecs.forType(contentType, request.getClass()).encode(request);
        }
        ClientTransport.Response r = transport(node).unary(node.address(), call.withContentType(contentType), encoded[0]);
        return codecs.forType(contentType, responseType).decode(r.body(), responseType);
      });
    });
  }

  @Override
  public RawResponse callRaw(String service, String endpoint, byte[] body, String contentType, CallOptions options) {
    return (RawResponse) intercepted(service, endpoint, options, opts ->
        execute(service, endpoint, opts, (node, call, local) -> {
          OutgoingCall c = call.withContentType(contentType);
          if (local != null) {
            EndpointHandler h = local.route(endpoint);
            byte[] out = local.unary(incoming(c), h, body);
            checkDeadline(c);
            return new RawResponse(out, contentType, Metadata.empty(), node);
          }
          ClientTransport.Response r = transport(node).unary(node.address(), c, body);
          return new RawResponse(r.body(), contentType, r.headers(), node);
        }));
  }

  @Override
  public <Req, Resp> ClientStream<Req, Resp> stream(String service, String endpoint, Class<Resp> responseType, CallOptions options) {
    String contentType = options.contentType().orElseGet(() -> Messages.defaultContentType(responseType));
    return execute(service, endpoint, options, (node, call, local) -> {
      OutgoingCall c = new OutgoingCall(service, endpoint, CallType.BIDI_STREAMING, contentType, call.call().metadata(), call.call().deadline());
      if (local != null) {
        EndpointHandler h = local.route(endpoint);
        IncomingCall in = incoming(c);
        return LocalClientStream.<Req, Resp>start(node, responseType, codecs, contentType, h,
            (src, sink) -> local.streamLocal(in, h, src, sink), (d, e) -> local.toError(h.name(), e));
      }
      Codec codec = codecs.forType(contentType, responseType);
      return new TransportClientStream<Req, Resp>(transport(node).stream(node.address(), c), node, codecs, codec, contentType, responseType);
    });
  }

  @Override
  public ClientStream<byte[], byte[]> streamRaw(String service, String endpoint, String contentType, CallOptions options) {
    return execute(service, endpoint, options, (node, call, local) -> {
      OutgoingCall c = new OutgoingCall(service, endpoint, CallType.BIDI_STREAMING, contentType, call.call().metadata(), call.call().deadline());
      if (local != null) {
        EndpointHandler h = local.route(endpoint);
        IncomingCall in = incoming(c);
        return LocalClientStream.<byte[], byte[]>start(node, byte[].class, codecs, contentType, h,
            (src, sink) -> local.stream(in, h, () -> src.receive().map(byte[].class::cast), sink::send), (d, e) -> local.toError(h.name(), e));
      }
      return new TransportClientStream<byte[], byte[]>(transport(node).stream(node.address(), c), node, codecs,
          codecs.forType("application/octet-stream", byte[].class), "application/octet-stream", byte[].class);
    });
  }

  @Override
  public <T> T stub(Class<T> type, String service, CallOptions options) {
    return Stubs.create(this, type, service, options);
  }

  private Object intercepted(String service, String endpoint, CallOptions options, ClientInterceptor.Next last) {
    if (interceptors.isEmpty()) {
      return last.proceed(options);
    }
    return chain(0, service, endpoint, options, last);
  }

  private Object chain(int i, String service, String endpoint, CallOptions options, ClientInterceptor.Next last) {
    if (i == interceptors.size()) {
      return last.proceed(options);
    }
    return interceptors.get(i).intercept(service, endpoint, options, o -> chain(i + 1, service, endpoint, o, last));
  }

  /** One try on one node. */
  @FunctionalInterface
  private interface Attempt<R> {
    R run(Node node, Call call, Dispatcher local);
  }

  /** The transport-level call plus helpers. */
  private record Call(OutgoingCall call) {
    OutgoingCall withContentType(String ct) {
      return new OutgoingCall(call.service(), call.endpoint(), call.type(), ct, call.metadata(), call.deadline());
    }
  }

  private <R> R execute(String service, String endpoint, CallOptions opts, Attempt<R> attempt) {
    Deadline deadline = Deadline.after(opts.timeout().orElse(timeout));
    deadline = CallContext.currentDeadline().map(deadline::min).orElse(deadline);
    Metadata md = CallContext.currentMetadata().merge(opts.metadata());
    Call call = new Call(new OutgoingCall(service, endpoint, CallType.UNARY, "", md, deadline));
    int max = opts.maxAttempts() > 0 ? opts.maxAttempts() : maxAttempts;
    Strategy s = opts.strategy().orElse(strategy);
    Set<String> tried = new HashSet<>(4);
    MicroException last = null;
    budget.deposit();
    for (int n = 1; ; n++) {
      Node node;
      try {
        node = opts.address().isPresent() ? fixedNode(opts.address().get()) : selector.select(service, s, opts.key(), tried);
      } catch (MicroException e) {
        throw last != null ? last : e;
      }
      Dispatcher local = localCalls ? LocalNodes.find(node.id()).orElse(null) : null;
      selector.started(node);
      long t0 = System.nanoTime();
      try {
        R r = attempt.run(node, call, local);
        selector.succeeded(node, System.nanoTime() - t0);
        return r;
      } catch (RuntimeException ex) {
        MicroException e = ex instanceof MicroException m ? m : new MicroException(Status.fromThrowable(ex), "micro.client");
        boolean unreachable = ConnectFailure.is(e);
        boolean unavailable = e.code() == Status.Code.UNAVAILABLE;
        selector.failed(node, unreachable, unavailable);
        last = e;
        if (!(unreachable || (unavailable && idempotent(service, endpoint, opts))) || n >= max
            || deadline.isExpired() || !budget.tryWithdraw()) {
          throw e;
        }
        tried.add(node.id());
      }
    }
  }

  private boolean idempotent(String service, String endpoint, CallOptions opts) {
    return opts.idempotent().orElseGet(() -> selector.endpoint(service, endpoint).map(Endpoint::idempotent).orElse(false));
  }

  private Node fixedNode(String address) {
    return new Node(address, address, transportOptions.tls().isPresent()
        ? Map.of("transport", defaultTransport, "secure", "true") : Map.of("transport", defaultTransport));
  }

  private Object callLocal(Dispatcher local, Call call, Object request, Type responseType) {
    OutgoingCall c = call.call();
    EndpointHandler h = local.route(c.endpoint());
    IncomingCall in = incoming(c);
    Object response;
    if (rawClass(h.requestType()).isInstance(request)) {
      response = local.unaryLocal(in, h, request);
    } else {
      // Types differ (a JSON map for a record, say): go through the codec as the wire would.
      String ct = Messages.defaultContentType(request.getClass());
      byte[] out = local.unary(new IncomingCall(c.endpoint(), ct, localMetadata(c), c.deadline(), "local"), h,
          codecs.forType(ct, request.getClass()).encode(request));
      response = codecs.forType(ct, responseType).decode(out, responseType);
    }
    checkDeadline(c);
    if (response != null && !rawClass(responseType).isInstance(response)) {
      String ct = Messages.defaultContentType(response.getClass());
      response = codecs.forType(ct, responseType).decode(codecs.forType(ct, response.getClass()).encode(response), responseType);
    }
    return response;
  }

  private static void checkDeadline(OutgoingCall c) {
    if (c.deadline() != null && c.deadline().isExpired()) {
      throw new MicroException(Status.DEADLINE_EXCEEDED.withDescription("%s.%s did not finish before its deadline", c.service(), c.endpoint()), "micro.client");
    }
  }

  private IncomingCall incoming(OutgoingCall c) {
    return new IncomingCall(c.endpoint(), c.contentType(), localMetadata(c), c.deadline(), "local");
  }

  private Metadata localMetadata(OutgoingCall c) {
    Metadata md = c.metadata().without(PeerService.METADATA_KEY);
    return localPeer.isPresent() ? md.with(PeerService.METADATA_KEY, localPeer.get()) : md;
  }

  static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c.isPrimitive() ? Object.class : c;
    }
    if (t instanceof java.lang.reflect.ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private ClientTransport transport(Node node) {
    String name = node.meta("transport", defaultTransport);
    boolean secure = node.meta("secure", "false").equals("true");
    String key = secure ? name + "+tls" : name;
    ClientTransport t = open.get(key);
    if (t != null) {
      return t;
    }
    if (secure && transportOptions.tls().isEmpty()) {
      throw new MicroException(Status.UNAVAILABLE.withDescription(
          "node %s at %s requires TLS; give the client tls(...)", node.id(), node.address()), "micro.client");
    }
    TransportOptions opts = secure ? transportOptions : transportOptions.withoutTls();
    return open.computeIfAbsent(key, k -> transports.get(name).newClient(opts));
  }

  @Override
  public void close() {
    open.values().forEach(ClientTransport::close);
    open.clear();
    if (ownsSelector) {
      selector.close();
    }
  }
}
