package dev.hawkeye.http;

import com.sun.net.httpserver.HttpServer;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of a daemon, on the JDK's {@code jdk.httpserver}: the console at {@code /},
 * {@code /healthz}, {@code /api/v1/...} and {@code /metrics}. Everything is bounded: {@code max_concurrent_requests}
 * run at once and the {@link Router} answers more with 503 (on spare threads); a few connections
 * wait for a thread and the rest are dropped, counted; a client that takes longer than
 * {@code request_timeout} to send its request or read the answer is disconnected.
 */
final class HttpTransport implements Transport {
    private static final Logger log = System.getLogger(HttpTransport.class.getName());
    /** The JDK server's own limits, read once per process when its first server starts. */
    private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    private static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    /** Without it Nagle's algorithm holds an answer's body behind its headers until the client's delayed ACK: 40 ms each. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private static final int SPARE_THREADS = 2;

    private final HttpSettings settings;
    private final Clock clock;
    private final HttpCounters counters = new HttpCounters(log);
    private HttpServer server;
    private ThreadPoolExecutor executor;
    /** Why there is no server though the transport started (the default port was taken), else null. */
    private String off;
    private QueryService query;
    /** Built at the first scrape: the Prometheus library's classes would add a tenth of a second to every start. */
    private MetricsEndpoint metrics;

    HttpTransport(HttpSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start(MetricSink sink, QueryService query) throws IOException {
        configureJdkServer();
        HawkeyeRpcHandler methods = new HawkeyeRpcHandler(sink, query, clock, counters);
        ApiEndpoints api = new ApiEndpoints(methods, sink != null, query);
        this.query = query;
        Router router = new Router(settings, counters, new ConsoleFiles())
                .get("/healthz", (request, body) -> api.health(request))
                .get("/api/v1/status", (request, body) -> api.status(request))
                .get("/api/v1/monitors", (request, body) -> api.monitors(request))
                .getNamed(ApiEndpoints.MONITORS_PREFIX, ApiEndpoints.HISTORY_SUFFIX, (request, body) -> api.history(request))
                .get("/api/v1/query", (request, body) -> api.query(request))
                .get("/api/v1/query_range", (request, body) -> api.queryRange(request))
                .post("/api/v1/points", api::points)
                .get("/metrics", (request, body) -> metrics().metrics(request));
        try {
            server = HttpServer.create(settings.listen(), 64);
        } catch (BindException e) {
            if (settings.listenGiven()) {
                throw new IOException("cannot serve HTTP on " + address(settings.listen()) + ": " + e.getMessage()
                        + " (another hawkeye or program uses it; choose another with --http or http: {listen: ...},"
                        + " or --http off)", e);
            }
            off = "off: " + address(settings.listen()) + " is in use";
            log.log(Level.WARNING, "running without HTTP: the default address " + address(settings.listen())
                    + " is in use (" + e.getMessage() + "); choose another with --http ADDR or http: {listen: ...}");
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        // Threads beyond the requests allowed to run, so that those over the limit are answered 503 at once.
        int poolSize = settings.maxConcurrentRequests() + SPARE_THREADS;
        executor = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxConcurrentRequests() * 4), runnable -> {
                    Thread thread = new Thread(runnable, "hawkeye-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, pool) -> counters.drop(HttpCounters.REJECTED, Level.WARNING,
                        "dropped a connection: every HTTP thread is busy and " + pool.getQueue().size() + " wait"));
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
    }

    private synchronized MetricsEndpoint metrics() {
        if (metrics == null) {
            metrics = new MetricsEndpoint(query, settings.exposeSeries());
        }
        return metrics;
    }

    /**
     * The JDK server reads its settings once; the first HTTP server of the process sets them,
     * unless given on the command line.
     */
    private void configureJdkServer() {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        String seconds = Long.toString(Math.max(1, settings.requestTimeout().toSeconds()));
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, seconds);
        }
        if (System.getProperty(MAX_RESPONSE_TIME) == null) {
            System.setProperty(MAX_RESPONSE_TIME, seconds);
        }
    }

    @Override
    public synchronized String describe() {
        if (server == null) {
            return off == null ? "http://" + address(settings.listen()) + "/" : "http " + off;
        }
        return "http://" + address(server.getAddress()) + "/";
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private static String address(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
