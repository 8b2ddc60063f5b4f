package dev.hawkeye.launcher.bench;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one {@code hawkeye bench} run does. Immutable.
 *
 * @param socket            the server's socket
 * @param mode              how points are sent
 * @param connections       connections to the server (in {@code batch} mode: Java clients, each with its own connection)
 * @param threads           threads that generate load; each owns every {@code threads}-th connection
 * @param duration          how long the measured part lasts
 * @param warmup            how long the load runs before it is measured (the JIT compiles meanwhile)
 * @param batchSize         points per {@code recordBatch} request ({@code batch} mode), metrics per datagram ({@code statsd} mode)
 * @param series            distinct series the points cycle through
 * @param type              the points' type
 * @param tags              tags per series ({@code tag0=value-<index>}, ...), 0 to {@link Series#MAX_TAGS}
 * @param clientAggregation whether the Java client aggregates counters and gauges before sending ({@code batch} mode)
 * @param badClient         whether a second client sends malformed and oversize messages meanwhile
 * @param badRate           the bad client's messages per second
 * @param points            the measured part ends once this many points are counted (or after
 *                          {@code duration}, whichever comes first); 0 for no such limit
 * @param liveHeap          run a full collection in the server before reading its heap
 * @param statsd            where {@code statsd} mode sends its datagrams (the server's {@code statsd} transport); null in the other modes
 * @param rate              {@code statsd} mode: metrics per second all threads together send, 0 for as many as they can
 * @param sendOnly          {@code statsd} mode: only send, to any StatsD server; nothing is read from a hawkeye server or verified
 * @param http              where {@code http} mode posts its points (the server's HTTP address); null in the other modes
 */
public record BenchPlan(Path socket, BenchMode mode, int connections, int threads, Duration duration, Duration warmup,
                        int batchSize, int series, MetricType type, int tags, boolean clientAggregation, boolean badClient,
                        int badRate, long points, boolean liveHeap, InetSocketAddress statsd, long rate, boolean sendOnly,
                        InetSocketAddress http) {

    /**
     * @throws IllegalArgumentException naming the option that is out of range
     */
    public BenchPlan {
        positive(connections, "--connections");
        positive(threads, "--threads");
        positive(batchSize, "--batch-size");
        positive(series, "--series");
        positive(badRate, "--bad-rate");
        if (tags < 0 || tags > Series.MAX_TAGS) {
            throw new IllegalArgumentException("--tags must be 0 to " + Series.MAX_TAGS + "; got " + tags);
        }
        if (threads > connections && mode != BenchMode.BATCH && mode != BenchMode.HTTP) {
            throw new IllegalArgumentException("--threads (" + threads + ") must not exceed --connections (" + connections
                    + ") in " + mode.cliName() + " mode: each thread owns connections");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive; got " + duration);
        }
        if (points < 0) {
            throw new IllegalArgumentException("--points must not be negative; got " + points);
        }
        if ((mode == BenchMode.STATSD) != (statsd != null)) {
            throw new IllegalArgumentException(mode == BenchMode.STATSD ? "statsd mode needs --statsd ADDR, the server's statsd address"
                    : "--statsd is for statsd mode only");
        }
        if ((mode == BenchMode.HTTP) != (http != null)) {
            throw new IllegalArgumentException(mode == BenchMode.HTTP ? "http mode needs --http ADDR, the server's HTTP address"
                    : "--http is for http mode only");
        }
        if (sendOnly && mode != BenchMode.STATSD) {
            throw new IllegalArgumentException("--send-only is for statsd mode only");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative; got " + rate);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative; got " + warmup);
        }
    }

    /** The series key of the {@code index}-th series: {@code bench.<type>.<index>}. */
    String key(int index) {
        return "bench." + type.wireName() + "." + index;
    }

    /**
     * The tags of the {@code index}-th series as names and values in turn ({@code tag0},
     * {@code value-<index>}, {@code tag1}, ...), the form the Java client takes; empty without tags.
     */
    String[] tags(int index) {
        String[] namesAndValues = new String[tags * 2];
        for (int tag = 0; tag < tags; tag++) {
            namesAndValues[tag * 2] = "tag" + tag;
            namesAndValues[tag * 2 + 1] = "value-" + index;
        }
        return namesAndValues;
    }

    /** One line saying what runs. */
    String describe() {
        return "mode " + mode.cliName() + ", " + connections + (connections == 1 ? " connection, " : " connections, ")
                + threads + (threads == 1 ? " thread, " : " threads, ") + Durations.format(duration) + " (after "
                + Durations.format(warmup) + " of warm-up), " + series + " series of " + type.wireName()
                + (tags > 0 ? " with " + tags + (tags == 1 ? " tag" : " tags") : "")
                + (mode == BenchMode.HTTP ? ", " + batchSize + " points a POST to http://" + http.getHostString() + ":" + http.getPort() : "")
                + (mode == BenchMode.BATCH ? ", batches of " + batchSize + (clientAggregation ? ", client aggregation on" : "") : "")
                + (mode == BenchMode.STATSD ? ", " + batchSize + " metrics a datagram to udp " + statsd.getHostString() + ":" + statsd.getPort()
                        + (rate > 0 ? String.format(java.util.Locale.ROOT, " at %,d metrics/s", rate) : "") : "")
                + (points > 0 ? ", up to " + String.format(java.util.Locale.ROOT, "%,d", points) + " points" : "")
                + (badClient ? ", with a bad client sending " + badRate + " bad messages/s" : "");
    }

    private static void positive(int value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1; got " + value);
        }
    }
}
