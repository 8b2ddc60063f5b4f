package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import dev.hawkeye.protocol.SeriesTable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One selector thread and the connections it serves: it reads them, frames the bytes into messages
 * ({@link MessageFramer}), and writes their responses. {@link SocketServer} runs one or more loops
 * ({@code selectors}) and hands each accepted connection to the first loop that is not busy
 * ({@link #busyPercent}), so that a connection arriving while a busy or misbehaving one keeps its
 * loop working is served beside it rather than between its turns.
 *
 * <p>A {@code record} or {@code recordBatch} the framer has already read into points
 * ({@link Frame.Records}) runs on the selector thread itself when the connection has nothing
 * queued: recording only adds to in-memory aggregates, and handing each such message to another
 * thread would cost more than running it. So are the fixed error answers to malformed and oversize
 * messages, so that a client sending garbage does not make the selector wake a worker for each
 * message. The other messages go to the shared workers, one drain per connection at a time (see
 * {@link Connection}), which execute them through {@link RpcDispatcher} and queue the answers; the
 * loop is then asked, through {@link #updates} and one coalesced {@code wakeup()}, to write them.
 * Interest ops change on the loop's own thread only.
 *
 * <p>Bounded per connection: frames queued (reading pauses at {@value #MAX_QUEUED_FRAMES}),
 * unwritten responses (reading pauses past {@code max_message_bytes}; the connection is closed past
 * {@link UnixTransportSettings#maxOutputBytes} or when nothing could be written for
 * {@code write_timeout}), the time a message takes to arrive ({@code read_timeout}). Bounded across
 * the loops: the bytes of partial messages held ({@code max_pending_bytes}, in {@link #pendingBytes}).
 * Each drop is counted and logged.
 */
final class SelectorLoop {
    static final int MAX_QUEUED_FRAMES = 64;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int FRAMES_PER_TURN = 16;
    /** What a hung-up peer can have left in the socket buffer, in reads of {@link #READ_BUFFER_BYTES}. */
    private static final int MAX_READS_AT_HANGUP = 64;
    private static final long SELECT_TIMEOUT_MILLIS = 250;
    private static final long WAITING = Long.MIN_VALUE;

    private final UnixTransportSettings settings;
    private final Selector selector;
    private final RpcDispatcher dispatcher;
    private final JsonFactory json;
    private final Clock clock;
    private final TransportCounters counters;
    private final Logger log;
    private final Executor workers;
    private final Runnable onClose;
    /** The bytes of partial messages held by the connections of every loop. */
    private final AtomicLong pendingBytes;
    private final Thread thread;

    /** This loop's thread only. */
    private final Set<Connection> connections = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final SeriesInterner interner = new SeriesInterner();
    private Runnable acceptor;

    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final Queue<Connection> updates = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    private final long outputLimit;
    private final long writeTimeoutNanos;
    private final long readTimeoutNanos;
    private volatile boolean running = true;
    /** The share of the last quarter second this loop spent working rather than waiting in select. */
    private volatile int busyPercent;
    /** When the loop last came out of select, or {@link #WAITING} while it is in select. */
    private volatile long workingSince = WAITING;

    /**
     * @param workers run the general path's drains; shared by every loop
     * @param onClose      called once for each connection this loop closes
     * @param pendingBytes the bytes of partial messages held, shared by every loop
     */
    SelectorLoop(String name, UnixTransportSettings settings, Selector selector, RpcDispatcher dispatcher,
                 JsonFactory json, Clock clock, TransportCounters counters, Logger log, Executor workers, Runnable onClose,
                 AtomicLong pendingBytes) {
        this.settings = settings;
        this.selector = selector;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
        this.counters = counters;
        this.log = log;
        this.workers = workers;
        this.onClose = onClose;
        this.pendingBytes = pendingBytes;
        this.outputLimit = settings.maxOutputBytes();
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.readTimeoutNanos = settings.readTimeout().toNanos();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(SelectorLoop.class.getClassLoader());
    }

    /** Also accepts on {@code server}, running {@code accept} on this loop's thread when it is ready; before {@link #start}. */
    void acceptOn(AFUNIXServerSocketChannel server, Runnable accept) throws IOException {
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.acceptor = accept;
    }

    void start() {
        thread.start();
    }

    /**
     * How busy the loop was over the last quarter second, in percent of its time; 100 while one
     * turn of it has been working longer than that (a turn that does not end would otherwise keep
     * the figure of before it).
     */
    int busyPercent() {
        long since = workingSince;
        if (since != WAITING && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MILLIS)) {
            return 100;
        }
        return busyPercent;
    }

    /** False once the loop stopped, or failed and closed its connections: it takes no new ones. */
    boolean isRunning() {
        return running;
    }

    /** Takes a connection the server accepted; it is registered on this loop's thread. Thread-safe. */
    void adopt(AFUNIXSocketChannel channel, long id) {
        arrivals.add(new Arrival(channel, id));
        wakeUp();
    }

    /**
     * Stops selecting and waits for the thread to end; the connections stay open until
     * {@link #closeAll}, so that the workers can finish what was received first.
     */
    void stopSelecting() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            long windowStart = System.nanoTime();
            long nextSweep = windowStart + TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MILLIS);
            long working = 0;
            while (running) {
                workingSince = WAITING;
                selector.select(SELECT_TIMEOUT_MILLIS);
                long afterSelect = System.nanoTime();
                workingSince = afterSelect;
                wakeupRequested.set(false);
                registerArrivals();
                applyUpdates();
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    try {
                        handle(key);
                    } catch (RuntimeException e) {
                        // A bug met by one connection must not take the others down with it.
                        log.log(Level.ERROR, "closing a connection after an unexpected failure", e);
                        if (key.attachment() instanceof Connection) {
                            close((Connection) key.attachment());
                        }
                    }
                }
                long now = System.nanoTime();
                working += now - afterSelect;
                if (now - nextSweep >= 0) {
                    closeStalled(now);
                    busyPercent = (int) Math.min(100, 100 * working / Math.max(1, now - windowStart));
                    windowStart = now;
                    working = 0;
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MILLIS);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.log(Level.ERROR, "a selector loop of the unix transport failed; closing its connections", e);
            running = false;
            closeAll();
        } catch (Error e) {
            // Its clients must not wait on connections nobody serves; the Error goes on to the
            // process's uncaught-exception handler (the launcher's ends the process).
            running = false;
            try {
                closeAll();
            } catch (Throwable closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void registerArrivals() {
        Arrival arrival;
        while ((arrival = arrivals.poll()) != null) {
            try {
                arrival.channel.configureBlocking(false);
                SelectionKey key = arrival.channel.register(selector, SelectionKey.OP_READ);
                SeriesTable ids = new SeriesTable();
                Connection connection = new Connection(arrival.id, arrival.channel, key,
                        new MessageFramer(json, settings.maxMessageBytes(), new RecordDecoder(clock, interner, ids)), ids);
                key.attach(connection);
                connections.add(connection);
            } catch (IOException e) {
                log.log(Level.WARNING, "dropped a new connection that failed to set up: " + e);
                closeQuietly(arrival.channel);
                onClose.run();
            }
        }
    }

    private void handle(SelectionKey key) {
        if (key.channel() instanceof AFUNIXServerSocketChannel) {
            if (key.isValid() && key.isAcceptable()) {
                acceptor.run();
            }
            return;
        }
        Connection connection = (Connection) key.attachment();
        if (!key.isValid()) {
            // junixsocket invalidates a key when the peer hangs up (POLLHUP) and closes its channel
            // at the next select: read what the client sent before it went, then let it go.
            if (!connection.isClosed()) {
                readToEnd(connection);
                close(connection);
            }
            return;
        }
        try {
            if (key.isReadable()) {
                if (connection.inputEnded) {
                    // Readiness we did not ask for after EOF: the peer hung up entirely.
                    close(connection);
                    return;
                }
                read(connection);
            }
            if (!connection.isClosed() && key.isValid() && key.isWritable()) {
                connection.flush(System.nanoTime());
            }
        } catch (IOException e) {
            // The peer is gone (reset, broken pipe): its queued requests still run, answers are dropped.
            close(connection);
            return;
        }
        update(connection);
    }

    private void readToEnd(Connection connection) {
        for (int reads = 0; reads < MAX_READS_AT_HANGUP && !connection.inputEnded && !connection.closeWhenAnswered; reads++) {
            if (read(connection) <= 0) {
                break;
            }
        }
        if (!connection.inputEnded && !connection.closeWhenAnswered) {
            endOfInput(connection);
        }
    }

    /** Reads once and frames what came; returns the bytes read, -1 at end of input. */
    private int read(Connection connection) {
        if (connection.closeWhenAnswered || connection.inputEnded) {
            return -1;
        }
        readBuffer.clear();
        int read;
        try {
            read = connection.channel.read(readBuffer);
        } catch (IOException e) {
            read = -1;
        }
        if (read < 0) {
            endOfInput(connection);
            return -1;
        }
        if (read == 0) {
            return 0;
        }
        boolean schedule = false;
        List<Frame> frames = connection.framer.feed(readBuffer.array(), 0, read);
        if (!holdPartial(connection, !frames.isEmpty())) {
            return -1;
        }
        for (Frame frame : frames) {
            if (frame instanceof Frame.Oversize) {
                connection.closeWhenAnswered = true;
                counters.drop(TransportCounter.MESSAGES_OVERSIZE, Level.WARNING, "connection " + connection.id
                        + " sent a message over max_message_bytes (" + settings.maxMessageBytes()
                        + "); answered with an error, closing the connection");
            } else if (frame instanceof Frame.Malformed) {
                counters.drop(TransportCounter.MESSAGES_MALFORMED, Level.WARNING, "connection " + connection.id
                        + " sent malformed JSON, answered -32700: " + ((Frame.Malformed) frame).reason());
            }
            if (answeredOnSelector(frame) && !schedule && connection.isDrained()) {
                execute(connection, frame);
            } else {
                schedule |= connection.offer(frame);
            }
        }
        if (schedule) {
            submit(connection);
        }
        return read;
    }

    /**
     * Accounts for the partial message the connection holds after a read, and closes it when all
     * connections together now hold more than {@code max_pending_bytes}: the one whose read went
     * beyond is the one let go, so a client holding nothing half-sent is never closed for it.
     *
     * @param completed whether the read completed a message (a partial one held now began in it)
     * @return false when the connection was closed
     */
    private boolean holdPartial(Connection connection, boolean completed) {
        long held = connection.framer.partialBytes();
        long total = pendingBytes.addAndGet(held - connection.partialBytes);
        connection.partialBytes = held;
        if (held == 0) {
            connection.partialSinceNanos = 0;
        } else if (completed || connection.partialSinceNanos == 0) {
            connection.partialSinceNanos = System.nanoTime();
        }
        if (held > 0 && total > settings.maxPendingBytes()) {
            counters.drop(TransportCounter.CONNECTIONS_OVER_PENDING, Level.WARNING, "connection " + connection.id
                    + " holds " + held + " bytes of a partial message while all connections hold " + total
                    + " (max_pending_bytes " + settings.maxPendingBytes() + "); closing it");
            closeWith(connection, dispatcher.closing("the partial messages held by all connections would pass "
                    + "max_pending_bytes (" + settings.maxPendingBytes() + " bytes)", settings.maxPendingBytes()));
            return false;
        }
        return true;
    }

    /**
     * Whether a frame that nothing is queued before is run right here: the points of the fast path,
     * and the fixed error answers to malformed and oversize messages, cost the selector thread less
     * than handing them to a worker and waking it. Only the general path (jsonrpc4j) goes to a worker.
     */
    private static boolean answeredOnSelector(Frame frame) {
        return !(frame instanceof Frame.Message);
    }

    private void endOfInput(Connection connection) {
        connection.inputEnded = true;
        if (connection.framer.hasPartialMessage()) {
            counters.drop(TransportCounter.MESSAGES_INCOMPLETE, Level.WARNING, "connection " + connection.id
                    + " closed in the middle of a message; the partial message is dropped");
        }
        connection.framer.close();
        releasePartial(connection);
    }

    private void releasePartial(Connection connection) {
        pendingBytes.addAndGet(-connection.partialBytes);
        connection.partialBytes = 0;
        connection.partialSinceNanos = 0;
    }

    private void submit(Connection connection) {
        try {
            workers.execute(() -> drain(connection));
        } catch (RejectedExecutionException e) {
            // Only while shutting down (the queue has room for every connection): run it here.
            drain(connection);
        }
    }

    /** Worker: executes a turn of the connection's frames, then asks the selector to write. */
    private void drain(Connection connection) {
        int done = 0;
        Frame frame;
        while ((done < FRAMES_PER_TURN || !running) && (frame = connection.next()) != null) {
            execute(connection, frame);
            done++;
        }
        requestUpdate(connection);
        if (done >= FRAMES_PER_TURN && running && connection.yieldDrain()) {
            submit(connection);
        }
    }

    /** Runs one frame and queues its answer (on a worker, or on the selector thread: see {@link #answeredOnSelector}). */
    private void execute(Connection connection, Frame frame) {
        byte[] answer;
        try {
            answer = dispatcher.respond(frame, connection.isClosed(), connection.ids);
        } catch (RuntimeException e) {
            counters.drop(TransportCounter.REQUESTS_FAILED, Level.ERROR, "connection " + connection.id
                    + ": a message could not be answered: " + e);
            answer = null;
        }
        if (answer != null) {
            connection.answer(answer, System.nanoTime());
        }
    }

    private void requestUpdate(Connection connection) {
        updates.add(connection);
        wakeUp();
    }

    private void wakeUp() {
        if (wakeupRequested.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void applyUpdates() {
        Connection connection;
        while ((connection = updates.poll()) != null) {
            update(connection);
        }
    }

    /** Selector thread: closes the connection when it is done, else sets what to wait for. */
    private void update(Connection connection) {
        if (connection.isClosed()) {
            return;
        }
        if (connection.hasOutput()) {
            // Most answers fit the socket buffer: write now rather than after another select.
            try {
                connection.flush(System.nanoTime());
            } catch (IOException e) {
                close(connection);
                return;
            }
        }
        long unwritten = connection.outputBytes();
        if (unwritten > outputLimit) {
            counters.drop(TransportCounter.CONNECTIONS_SLOW, Level.WARNING, "connection " + connection.id + " has "
                    + unwritten + " bytes of responses it does not read (limit " + outputLimit + "); closing it");
            close(connection);
            return;
        }
        boolean finishing = connection.inputEnded || connection.closeWhenAnswered;
        if (finishing && connection.isIdle()) {
            close(connection);
            return;
        }
        boolean read = !finishing && unwritten < settings.maxMessageBytes()
                && connection.pendingFrames() < MAX_QUEUED_FRAMES;
        int ops = (read ? SelectionKey.OP_READ : 0) | (connection.hasOutput() ? SelectionKey.OP_WRITE : 0);
        if (connection.key.isValid() && connection.key.interestOps() != ops) {
            connection.key.interestOps(ops);
        }
    }

    private void closeStalled(long now) {
        List<Connection> stalled = new ArrayList<>();
        List<Connection> timedOut = new ArrayList<>();
        for (Connection connection : connections) {
            if (connection.isStalled(now, writeTimeoutNanos)) {
                stalled.add(connection);
            } else if (connection.partialSinceNanos != 0 && now - connection.partialSinceNanos > readTimeoutNanos) {
                timedOut.add(connection);
            }
        }
        for (Connection connection : stalled) {
            counters.drop(TransportCounter.CONNECTIONS_SLOW, Level.WARNING, "connection " + connection.id
                    + " left its responses unread for " + settings.writeTimeout().toMillis() + " ms; closing it");
            close(connection);
        }
        for (Connection connection : timedOut) {
            counters.drop(TransportCounter.CONNECTIONS_TIMED_OUT, Level.WARNING, "connection " + connection.id
                    + " has sent " + connection.partialBytes + " bytes of a message but not its end for longer than read_timeout ("
                    + settings.readTimeout().toMillis() + " ms); dropping the partial message and closing it");
            closeWith(connection, dispatcher.closing("a message did not arrive whole within read_timeout ("
                    + settings.readTimeout().toMillis() + " ms)", settings.readTimeout().toMillis()));
        }
    }

    /**
     * Closes a connection after one try at writing {@code error} to it, so that its client learns
     * why; a client that does not read it loses only the explanation.
     */
    private void closeWith(Connection connection, byte[] error) {
        long now = System.nanoTime();
        connection.answer(error, now);
        try {
            connection.flush(now);
        } catch (IOException e) {
            // Closing anyway.
        }
        close(connection);
    }

    private void close(Connection connection) {
        if (connection.isClosed()) {
            return;
        }
        connection.markClosed();
        connection.framer.close();
        releasePartial(connection);
        connection.key.cancel();
        closeQuietly(connection.channel);
        connections.remove(connection);
        onClose.run();
    }

    /**
     * After {@link #stopSelecting} and once the workers are done (or by the loop itself when it
     * fails): counts what was never executed, writes what the sockets take of the answers, closes
     * every connection, including those handed over but not registered yet, and the selector.
     */
    void closeAll() {
        long now = System.nanoTime();
        for (Connection connection : new ArrayList<>(connections)) {
            int unrun = connection.pendingFrames();
            if (unrun > 0) {
                counters.add(TransportCounter.REQUESTS_DROPPED, unrun);
                log.log(Level.WARNING, "connection " + connection.id + ": " + unrun + " messages not executed before close");
            }
            try {
                connection.flush(now);
            } catch (IOException ignored) {
                // best effort: the connection closes next either way
            }
            close(connection);
        }
        Arrival arrival;
        while ((arrival = arrivals.poll()) != null) {
            closeQuietly(arrival.channel);
                onClose.run();
        }
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing a socket the peer already dropped can fail; there is nothing left to do with it
        }
    }

    /** A connection accepted by the server, waiting to be registered on this loop's thread. */
    private record Arrival(AFUNIXSocketChannel channel, long id) {
    }
}
