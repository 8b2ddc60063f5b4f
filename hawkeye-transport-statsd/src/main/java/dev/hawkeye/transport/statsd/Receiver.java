package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.MetricSink;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the datagrams of one socket on its own thread, parses them and hands each datagram's
 * metrics to core in one {@link MetricSink#recordAll} call. Stops when its channel is closed.
 */
final class Receiver implements Runnable, LineParser.Output {
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final DatagramChannel channel;
    private final int maxDatagramBytes;
    private final MetricSink sink;
    private final StatsdCounters counters;
    private final Clock clock;
    private final Logger log;
    private final LineParser parser = new LineParser();
    private final List<Point> points = new ArrayList<>();
    private final MetricSink.Refusals refusals;
    private long lastFailureLogged = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

    Receiver(String name, DatagramChannel channel, int maxDatagramBytes, MetricSink sink, StatsdCounters counters,
             Clock clock, Logger log) {
        this.name = name;
        this.channel = channel;
        this.maxDatagramBytes = maxDatagramBytes;
        this.sink = sink;
        this.counters = counters;
        this.clock = clock;
        this.log = log;
        this.refusals = (index, reason) -> counters.refusedByCore(points.get(index).series() + ": " + reason.getMessage());
    }

    @Override
    public void run() {
        // One more byte than the limit: a datagram that fills it was longer than the limit.
        ByteBuffer buffer = ByteBuffer.allocate(maxDatagramBytes + 1);
        byte[] data = buffer.array();
        while (channel.isOpen()) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Logged at most once a minute: an error that repeats must not flood the log.
                long now = System.nanoTime();
                if (now - lastFailureLogged >= FAILURE_LOG_INTERVAL_NANOS) {
                    lastFailureLogged = now;
                    log.log(Level.WARNING, name + ": receive failed, going on: " + e);
                }
                continue;
            }
            int length = buffer.position();
            if (length > maxDatagramBytes) {
                int cut = lastNewline(data, maxDatagramBytes);
                counters.refused(LineFault.TRUNCATED, data, cut, maxDatagramBytes, "datagram of more than " + maxDatagramBytes + " bytes");
                length = cut;
            }
            accept(data, length, clock.millis());
        }
    }

    /** Parses one datagram and hands its metrics over. */
    void accept(byte[] data, int length, long nowMillis) {
        parser.parse(data, 0, length, nowMillis, this);
        counters.received(points.size());
        if (!points.isEmpty()) {
            try {
                sink.recordAll(points, refusals);
            } finally {
                points.clear();
            }
        }
    }

    long gaugesForgotten() {
        return parser.gaugesForgotten();
    }

    @Override
    public void metric(Series series, MetricType type, double value, long timestampMillis) {
        points.add(new Point(series, type, value, timestampMillis));
    }

    @Override
    public void refused(LineFault fault, byte[] data, int from, int to, String detail) {
        counters.refused(fault, data, from, to, detail);
    }

    @Override
    public void ignored(LineParser.IgnoredLine kind) {
        counters.ignored(kind);
    }

    /** The end of the last whole line before {@code limit}: where a cut datagram's kept part ends. */
    private static int lastNewline(byte[] data, int limit) {
        for (int i = limit - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return 0;
    }
}
