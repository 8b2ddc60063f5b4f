package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The background loop that drains the {@link PointBuffer}: it sends {@code recordBatch} requests
 * over one connection, reads each answer, and releases the points only once the server has
 * answered for them. When the server cannot be reached the points stay buffered and it reconnects
 * with exponential backoff. Runs on one thread; {@link #disconnect} may be called from any.
 */
final class Sender implements Runnable {
    private static final System.Logger LOG = System.getLogger(HawkeyeClient.class.getName());
    /** Half the server's default message limit (1 MiB), so that a batch is never refused for its size. */
    static final int MAX_MESSAGE_BYTES = 512 * 1024;
    private static final int MAX_LOGGED_REJECTIONS = 3;
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final Path socket;
    private final PointBuffer buffer;
    private final int maxBatchSize;
    private final long flushIntervalNanos;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private final Clock clock;
    private final LongSupplier droppedPoints;

    private final AtomicLong sentPoints = new AtomicLong();
    private final AtomicLong rejectedPoints = new AtomicLong();

    /** Written by the sender thread; read by {@link #disconnect} to unblock it. */
    private volatile RpcConnection connection;
    private boolean unreachable;
    private long reportedDrops;
    private long lastDropWarningMillis = Long.MIN_VALUE;

    Sender(Path socket, PointBuffer buffer, int maxBatchSize, Duration flushInterval, Duration requestTimeout,
           Backoff backoff, Clock clock, LongSupplier droppedPoints) {
        this.socket = socket;
        this.buffer = buffer;
        this.maxBatchSize = maxBatchSize;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.clock = clock;
        this.droppedPoints = droppedPoints;
    }

    @Override
    public void run() {
        boolean retrying = false;
        try {
            while (true) {
                int available = retrying ? buffer.available(maxBatchSize) : buffer.awaitBatch(maxBatchSize, flushIntervalNanos);
                if (available < 0) {
                    return;
                }
                reportDrops();
                if (available == 0) {
                    continue;
                }
                if (send(available)) {
                    retrying = false;
                    backoff.reset();
                } else {
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

    /**
     * Sends up to {@code available} points from the head of the buffer.
     *
     * @return true when the server answered (the points are released), false when the connection
     *         failed (they stay buffered)
     */
    private boolean send(int available) {
        RpcConnection current = connection;
        if (current == null) {
            try {
                current = RpcConnection.open(socket, requestTimeout);
            } catch (IOException e) {
                onFailure(e);
                return false;
            }
            connection = current;
            onConnected();
        }
        int count = pointsFitting(available);
        JsonNode result;
        try {
            result = current.call("recordBatch", generator -> writeBatch(generator, count));
        } catch (ServerErrorException e) {
            // The whole batch was refused; sending it again would be refused again.
            rejectedPoints.addAndGet(count);
            LOG.log(Level.WARNING, () -> "hawkeye at " + socket + " refused a batch of " + count + " points: " + e.getMessage()
                    + (e.data() == null ? "" : " (" + e.data() + ")") + "; they are counted as rejected");
            buffer.release(count);
            return true;
        } catch (IOException e) {
            closeConnection();
            onFailure(e);
            return false;
        }
        account(result, count);
        buffer.release(count);
        return true;
    }

    /** How many of the available points fit in one message. */
    private int pointsFitting(int available) {
        int bytes = 64;
        for (int i = 0; i < available; i++) {
            bytes += Wire.maxEncodedSize(buffer.series(i));
            if (bytes > MAX_MESSAGE_BYTES && i > 0) {
                return i;
            }
        }
        return available;
    }

    private void writeBatch(JsonGenerator generator, int count) throws IOException {
        generator.writeStartObject();
        generator.writeArrayFieldStart("points");
        for (int i = 0; i < count; i++) {
            Wire.writePoint(generator, buffer.series(i), buffer.type(i), buffer.value(i), buffer.timestamp(i));
        }
        generator.writeEndArray();
        generator.writeEndObject();
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
