package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AddressAlreadyInUseSocketException;

/**
 * The {@code unix} transport: JSON-RPC 2.0 (and 1.0) over a Unix stream socket, as the module's
 * README describes. Points go to the {@link MetricSink}, {@code query} and {@code status} to the
 * {@link QueryService}.
 *
 * <p>One selector thread serves every connection and {@code workers} threads execute requests, so
 * thousands of idle connections cost no thread. {@link #start} and {@link #close} may be called
 * from any thread; {@link #close} is idempotent. {@link #counters()} is thread-safe.
 */
public final class UnixSocketTransport implements Transport {
    private static final Logger LOG = System.getLogger(UnixSocketTransport.class.getName());

    private final UnixTransportSettings settings;
    private final Clock clock;
    private final TransportCounters counters = new TransportCounters(LOG);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SocketServer server;

    /**
     * @param settings the validated {@code transport:} section
     * @param clock    gives the timestamp of points sent without one, and the window of a query
     */
    public UnixSocketTransport(UnixTransportSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Binds the socket file and starts serving; returns once the socket accepts connections.
     *
     * @throws IOException           "another hawkeye is running on PATH" when a server answers on
     *                               the path; or when the socket cannot be bound or given its mode
     *                               and group (the message names the path and the reason)
     * @throws IllegalStateException when called twice or after {@link #close}
     */
    @Override
    public void start(MetricSink sink, QueryService query) throws IOException {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("the unix transport on " + settings.path() + " was already started or closed");
        }
        SocketFile.claim(settings.path(), LOG);
        AFUNIXServerSocketChannel channel = AFUNIXServerSocketChannel.open();
        try {
            // Claim already replaced a stale file; binding must not silently take over a live one.
            channel.socket().setReuseAddress(false);
            try {
                channel.bind(AFUNIXSocketAddress.of(settings.path()), Math.min(settings.maxConnections(), 4096));
            } catch (AddressAlreadyInUseSocketException e) {
                throw new IOException("another hawkeye is running on " + settings.path(), e);
            } catch (IOException e) {
                throw new IOException("cannot listen on " + settings.path() + ": " + e.getMessage(), e);
            }
            // The file has the umask's mode until here; a umask of 022 or stricter already keeps
            // other users from connecting (connecting needs write permission) in the meantime.
            SocketFile.applyPermissions(settings.path(), settings.mode(), settings.group());
            JsonFactory json = wireJson();
            ObjectMapper mapper = JsonMapper.builder(json).build();
            HawkeyeRpcHandler handler = new HawkeyeRpcHandler(sink, query, clock, counters);
            SocketServer socketServer = new SocketServer(settings, channel,
                    new RpcDispatcher(mapper, handler, sink, counters, settings), json, clock, counters, LOG);
            socketServer.start();
            server = socketServer;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        LOG.log(Level.INFO, "listening on " + describe() + " (mode " + PosixFilePermissions.toString(settings.mode()) + (settings.group() == null ? "" : ", group " + settings.group()) + ")");
    }

    /**
     * How the wire's JSON is read: NaN and Infinity are read as numbers, so that the error can name
     * the field. The fuzz tests drive the framer with the same settings.
     */
    static JsonFactory wireJson() {
        // The fast double parser (Jackson's FastDoubleParser) reads the same doubles, in a fraction of the time.
        return JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    }

    @Override
    public String describe() {
        return "unix:" + settings.path();
    }

    /**
     * Stops accepting, executes the messages already received (waiting up to two seconds), writes
     * what it can of their answers, closes every connection and removes the socket file (unless
     * another process has bound the path since). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SocketServer running = server;
        if (running != null) {
            running.stop();
            LOG.log(Level.INFO, "closed " + describe());
        }
    }

    /** The transport's own counters ({@code transport.connections.refused}, ...), reported by {@code status}. */
    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    /** Connections open now. */
    public int openConnections() {
        SocketServer running = server;
        return running == null ? 0 : running.openConnections();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // start already failed; the original exception is what the caller needs
        }
    }
}
