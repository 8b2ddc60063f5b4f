package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The background loop that drains the {@link PointBuffer}: it sends {@code recordBatch} requests
 * over one connection, reads each answer, and releases the points only once the server has
 * answered for them. Up to {@value #MAX_IN_FLIGHT} full batches are on their way at once, so that
 * the next batch is encoded and sent while the server reads the previous one; the server answers
 * in order, so the points are released in order. When the connection fails, every batch not yet
 * answered is sent again from the head of the buffer. When the server cannot be reached the points
 * stay buffered and it reconnects with exponential backoff. With client-side aggregation it also
 * moves the {@link ClientAggregates} into the buffer once per flush interval. Runs on one thread;
 * {@link #disconnect} may be called from any.
 */
final class Sender implements Runnable {
    private static final System.Logger LOG = System.getLogger(HawkeyeClient.class.getName());
    /** Half the server's default message limit (1 MiB), so that a batch is never refused for its size. */
    static final int MAX_MESSAGE_BYTES = 512 * 1024;
    /** Batches sent and not yet answered, at most. */
    static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_LOGGED_REJECTIONS = 3;
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final Path socket;
    private final PointBuffer buffer;
    private final ClientAggregates aggregates;
    private final int maxBatchSize;
    private final int fullBatch;
    private final long flushIntervalNanos;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private final Clock clock;
    private final LongSupplier droppedPoints;
    private final PointWriter writer = new PointWriter();

    private final AtomicLong sentPoints = new AtomicLong();
    private final AtomicLong rejectedPoints = new AtomicLong();

    /** Written by the sender thread; read by {@link #disconnect} to unblock it. */
    private volatile RpcConnection connection;
    /** The batches sent and not yet answered, oldest first: {request id, points}. */
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    /** The points of {@link #inFlight}: the buffer's first ones. */
    private int inFlightPoints;
    private long nextDrainNanos;
    private boolean unreachable;
    private long reportedDrops;
    private long lastDropWarningMillis = Long.MIN_VALUE;

    /**
     * @param aggregates the counters and gauges aggregated on the client, or {@code null} without
     *                   client-side aggregation
     */
    Sender(Path socket, PointBuffer buffer, ClientAggregates aggregates, int maxBatchSize, Duration flushInterval,
           Duration requestTimeout, Backoff backoff, Clock clock, LongSupplier droppedPoints) {
        this.socket = socket;
        this.buffer = buffer;
        this.aggregates = aggregates;
        this.maxBatchSize = maxBatchSize;
        this.fullBatch = Math.min(maxBatchSize, buffer.capacity());
        this.flushIntervalNanos = flushInterval.toNanos();
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.clock = clock;
        this.droppedPoints = droppedPoints;
        this.nextDrainNanos = System.nanoTime() + flushIntervalNanos;
    }

    @Override
    public void run() {
        boolean retrying = false;
        try {
            while (true) {
                boolean progressed;
                if (inFlight.isEmpty()) {
                    int available = retrying ? buffer.available(maxBatchSize) : buffer.awaitBatch(maxBatchSize, waitNanos());
                    if (available < 0) {
                        return;
                    }
                    reportDrops();
                    if (drainAggregatesIfDue()) {
                        available = buffer.available(maxBatchSize);
                    }
                    if (available <= 0) {
                        continue;
                    }
                    progressed = sendBatch(available);
                } else {
                    int buffered = buffer.available(Integer.MAX_VALUE);
                    if (buffered < 0) {
                        return;
                    }
                    int unsent = buffered - inFlightPoints;
                    if (unsent >= fullBatch && inFlight.size() < MAX_IN_FLIGHT) {
                        progressed = sendBatch(Math.min(unsent, maxBatchSize));
                    } else {
                        progressed = receiveOldest();
                        if (progressed) {
                            retrying = false;
                            backoff.reset();
                        }
                    }
                }
                if (!progressed) {
                    retrying = true;
                    if (buffer.awaitStopped(backoff.next())) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "hawkeye client sender stopped by an unexpected error; points recorded from now on "
                    + "are dropped and counted", e);
        } finally {
            closeConnection();
        }
    }

    /** How long to wait for a full batch: the flush interval, or until the aggregates are due. */
    private long waitNanos() {
        return aggregates == null ? flushIntervalNanos : Math.max(0, nextDrainNanos - System.nanoTime());
    }

    /** Moves the aggregates into the buffer once per flush interval; true when it did. */
    private boolean drainAggregatesIfDue() {
        if (aggregates == null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - nextDrainNanos < 0) {
            return false;
        }
        nextDrainNanos = now + flushIntervalNanos;
        aggregates.drainTo(buffer, clock.millis());
        return true;
    }

    /**
     * Sends the next batch, of up to {@code available} points after those in flight.
     *
     * @return false when the connection failed (every point not answered for stays buffered)
     */
    private boolean sendBatch(int available) {
        RpcConnection current = connection;
        if (current == null) {
            try {
                current = RpcConnection.open(socket, requestTimeout);
            } catch (IOException e) {
                onFailure(e);
                return false;
            }
            connection = current;
            writer.newConnection();
            onConnected();
        }
        int offset = inFlightPoints;
        int count = pointsFitting(offset, available);
        long id;
        try {
            id = current.send("recordBatch", generator -> writeBatch(generator, offset, count));
        } catch (IOException e) {
            connectionFailed(e);
            return false;
        }
        inFlight.addLast(new long[] {id, count});
        inFlightPoints += count;
        return true;
    }

    /**
     * Waits for the answer to the oldest batch in flight and releases its points.
     *
     * @return false when the connection failed (every point not answered for stays buffered)
     */
    private boolean receiveOldest() {
        long[] oldest = inFlight.peekFirst();
        int count = (int) oldest[1];
        JsonNode result;
        try {
            result = connection.receive(oldest[0], "recordBatch");
        } catch (ServerErrorException e) {
            if ("series".equals(e.field()) && writer.writesIds()) {
                // A server older than series ids took nothing of this batch nor of those after it (they
                // name series by id): send them all again on a new connection, every series whole.
                writer.writeSeriesWhole();
                LOG.log(Level.INFO, () -> "hawkeye at " + socket + " does not take series ids (" + e.getMessage()
                        + "); sending every series whole");
                closeConnection();
                inFlight.clear();
                inFlightPoints = 0;
                return true;
            }
            // The whole batch was refused; sending it again would be refused again.
            rejectedPoints.addAndGet(count);
            writer.forgetIds();
            LOG.log(Level.WARNING, () -> "hawkeye at " + socket + " refused a batch of " + count + " points: " + e.getMessage()
                    + (e.data() == null ? "" : " (" + e.data() + ")") + "; they are counted as rejected");
            answered(count);
            return true;
        } catch (IOException e) {
            connectionFailed(e);
            return false;
        }
        account(result, count);
        answered(count);
        return true;
    }

    private void answered(int count) {
        inFlight.pollFirst();
        inFlightPoints -= count;
        buffer.release(count);
    }

    /** The batches in flight will not be answered: they are sent again, from the head of the buffer. */
    private void connectionFailed(IOException e) {
        closeConnection();
        inFlight.clear();
        inFlightPoints = 0;
        onFailure(e);
    }

    /** How many of the {@code available} points after the first {@code offset} fit in one message. */
    private int pointsFitting(int offset, int available) {
        int bytes = 64;
        for (int i = 0; i < available; i++) {
            bytes += Wire.maxEncodedSize(buffer.series(offset + i));
            if (bytes > MAX_MESSAGE_BYTES && i > 0) {
                return i;
            }
        }
        return available;
    }

    private void writeBatch(JsonGenerator generator, int offset, int count) throws IOException {
        writer.writeBatch(generator, buffer, offset, count);
    }

    private void account(JsonNode result, int count) {
        JsonNode rejected = result.path("rejected");
        long accepted = result.path("accepted").asLong(count - rejected.size());
        sentPoints.addAndGet(accepted);
        if (rejected.size() == 0) {
            return;
        }
        rejectedPoints.addAndGet(rejected.size());
        StringBuilder reasons = new StringBuilder();
        for (int i = 0; i < rejected.size() && i < MAX_LOGGED_REJECTIONS; i++) {
            JsonNode rejection = rejected.get(i);
            int index = rejection.path("index").asInt(-1);
            reasons.append(i == 0 ? "" : "; ")
                    .append(index >= 0 && index < count ? buffer.series(index).toString() : "point #" + index)
                    .append(": ")
                    .append(rejection.path("error").asText("no reason given"));
        }
        if (rejected.size() > MAX_LOGGED_REJECTIONS) {
            reasons.append("; and ").append(rejected.size() - MAX_LOGGED_REJECTIONS).append(" more");
        }
        LOG.log(Level.WARNING, () -> "hawkeye at " + socket + " rejected " + rejected.size() + " of " + count + " points: " + reasons);
    }

    private void onConnected() {
        if (unreachable) {
            unreachable = false;
            LOG.log(Level.INFO, () -> "connected to hawkeye at " + socket + " again; sending " + buffer.size() + " buffered points");
        } else {
            LOG.log(Level.DEBUG, () -> "connected to hawkeye at " + socket);
        }
    }

    private void onFailure(IOException e) {
        if (unreachable) {
            LOG.log(Level.DEBUG, () -> "still cannot reach hawkeye: " + e.getMessage());
            return;
        }
        unreachable = true;
        LOG.log(Level.WARNING, () -> e.getMessage() + "; keeping up to " + buffer.capacity()
                + " points buffered and retrying with backoff up to " + Durations.describe(backoff.max()));
    }

    /** Logs the points dropped for a full buffer, at most once per {@link #DROP_WARNING_INTERVAL}. */
    void reportDrops() {
        long dropped = droppedPoints.getAsLong();
        long now = clock.millis();
        if (dropped > reportedDrops
                && (lastDropWarningMillis == Long.MIN_VALUE || now - lastDropWarningMillis >= DROP_WARNING_INTERVAL.toMillis())) {
            long recent = dropped - reportedDrops;
            LOG.log(Level.WARNING, () -> "dropped " + recent + " points because the buffer of " + buffer.capacity()
                    + " points was full" + (unreachable ? " while hawkeye at " + socket + " was unreachable" : "")
                    + "; " + dropped + " dropped in all");
            reportedDrops = dropped;
            lastDropWarningMillis = now;
        }
    }

    /** Closes the connection, so that a sender blocked on it returns. Any thread. */
    void disconnect() {
        RpcConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    private void closeConnection() {
        RpcConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    long sentPoints() {
        return sentPoints.get();
    }

    long rejectedPoints() {
        return rejectedPoints.get();
    }
}
