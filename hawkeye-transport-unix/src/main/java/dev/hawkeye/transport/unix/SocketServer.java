package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Serves every connection of a bound socket with {@code selectors} selector threads
 * ({@link SelectorLoop}) and a fixed pool of workers, so an idle connection costs a registered key
 * and a small object, never a thread.
 *
 * <p>The last loop also accepts: each new connection goes to the first loop that was busy less
 * than {@value #BUSY_PERCENT} % of the last quarter second, else to the least busy one. One loop
 * serving many connections costs less than several (one {@code poll} finds many of them ready,
 * and fewer threads wake up: with 16 request/response connections on two cores, one loop answered
 * 120,000 requests a second where two answered 70,000), so connections spill over to the next loop
 * only when one is busy: a connection that arrives while a fast producer keeps the first loop
 * working (or a client sending garbage, beside such a producer) is then served beside it rather
 * than between its turns. Connections ({@code max_connections}) are bounded here; more are closed
 * at once, counted and logged.
 */
final class SocketServer {
    private static final long SHUTDOWN_WAIT_MILLIS = 2_000;
    private static final int BUSY_PERCENT = 50;

    private final UnixTransportSettings settings;
    private final AFUNIXServerSocketChannel server;
    private final TransportCounters counters;
    private final Logger log;
    private final ThreadPoolExecutor workers;
    private final List<SelectorLoop> loops = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    /** The accepting loop's thread only. */
    private long lastConnectionId;

    /** Opens the loops' selectors; closes those it opened when one cannot be opened. */
    SocketServer(UnixTransportSettings settings, AFUNIXServerSocketChannel server, RpcDispatcher dispatcher,
                 JsonFactory json, Clock clock, TransportCounters counters, Logger log) throws IOException {
        this.settings = settings;
        this.server = server;
        this.counters = counters;
        this.log = log;
        ClassLoader pluginLoader = SocketServer.class.getClassLoader();
        AtomicInteger workerNumber = new AtomicInteger();
        // A connection has at most one drain queued or running, so this queue cannot overflow.
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(settings.maxConnections() + settings.workers()), task -> {
                    Thread thread = new Thread(task, "hawkeye-unix-worker-" + workerNumber.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setContextClassLoader(pluginLoader);
                    return thread;
                });
        AtomicLong pendingBytes = new AtomicLong();
        try {
            for (int i = 1; i <= settings.selectors(); i++) {
                Selector selector = AFUNIXSelectorProvider.provider().openSelector();
                loops.add(new SelectorLoop("hawkeye-unix-selector-" + i, settings, selector, dispatcher, json,
                        clock, counters, log, workers, open::decrementAndGet, pendingBytes));
            }
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    void start() throws IOException {
        try {
            // The last loop accepts: the one that new connections fill last, so the least likely to be busy.
            loops.get(loops.size() - 1).acceptOn(server, this::acceptAll);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
        workers.prestartAllCoreThreads();
        loops.forEach(SelectorLoop::start);
    }

    /** Closes what a start that failed had opened. */
    private void discard() {
        loops.forEach(SelectorLoop::closeAll);
        workers.shutdown();
    }

    /** Stops accepting, runs what was received, writes what it can, closes every connection. */
    void stop() {
        loops.forEach(SelectorLoop::stopSelecting);
        closeQuietly(server);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.log(Level.WARNING, "requests still running " + SHUTDOWN_WAIT_MILLIS + " ms after close; abandoning them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        loops.forEach(SelectorLoop::closeAll);
    }

    int openConnections() {
        return open.get();
    }

    /** The last loop's thread, when the socket has connections waiting. */
    private void acceptAll() {
        while (true) {
            AFUNIXSocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                counters.drop(TransportCounter.CONNECTIONS_REFUSED, Level.WARNING, "cannot accept a connection: " + e);
                return;
            }
            if (channel == null) {
                return;
            }
            if (open.get() >= settings.maxConnections()) {
                counters.drop(TransportCounter.CONNECTIONS_REFUSED, Level.WARNING, "refused a connection: max_connections ("
                        + settings.maxConnections() + ") are open");
                closeQuietly(channel);
                continue;
            }
            try {
                if (settings.checksPeers() && !admitted(channel)) {
                    closeQuietly(channel);
                    continue;
                }
            } catch (IOException e) {
                log.log(Level.WARNING, "dropped a new connection whose peer cannot be read: " + e);
                closeQuietly(channel);
                continue;
            }
            SelectorLoop loop = choose();
            if (loop == null) {
                counters.drop(TransportCounter.CONNECTIONS_REFUSED, Level.ERROR, "refused a connection: no selector loop is running");
                closeQuietly(channel);
                continue;
            }
            open.incrementAndGet();
            counters.increment(TransportCounter.CONNECTIONS_ACCEPTED);
            loop.adopt(channel, ++lastConnectionId);
        }
    }

    /** The first running loop that is not busy, else the least busy; null when every loop has failed. */
    private SelectorLoop choose() {
        SelectorLoop leastBusy = null;
        for (SelectorLoop loop : loops) {
            if (!loop.isRunning()) {
                continue;
            }
            if (loop.busyPercent() < BUSY_PERCENT) {
                return loop;
            }
            if (leastBusy == null || loop.busyPercent() < leastBusy.busyPercent()) {
                leastBusy = loop;
            }
        }
        return leastBusy;
    }

    private boolean admitted(AFUNIXSocketChannel channel) throws IOException {
        AFUNIXSocketCredentials peer = channel.getPeerCredentials();
        long[] gids = settings.allowGids().isEmpty() ? new long[0] : PeerGroups.of(peer);
        if (settings.admits(peer.getUid(), gids)) {
            return true;
        }
        counters.drop(TransportCounter.CONNECTIONS_UNAUTHORIZED, Level.WARNING, "refused a connection from uid "
                + peer.getUid() + " (groups " + Arrays.toString(gids.length == 0 ? new long[] {peer.getGid()} : gids)
                + "): not in allow_uids/allow_gids");
        return false;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing a socket the peer already dropped can fail; there is nothing left to do with it
        }
    }
}
