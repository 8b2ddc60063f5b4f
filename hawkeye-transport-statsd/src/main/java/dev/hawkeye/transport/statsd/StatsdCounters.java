package dev.hawkeye.transport.statsd;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the {@code statsd} transport counts, and the log of what it refuses: each refused line is
 * counted with its reason, and logged at most once a minute per reason with an example and the
 * running total, so that a client sending garbage cannot flood the log. Thread-safe.
 */
final class StatsdCounters {
    static final String DATAGRAMS_RECEIVED = "statsd.datagrams.received";
    static final String METRICS_RECEIVED = "statsd.metrics.received";
    /** Read, but refused by core (a series of another type, the live-series limit). */
    static final String METRICS_REFUSED = "statsd.metrics.refused";
    /** Forgotten by the gauge memory to stay bounded: a later change of one starts from 0. */
    static final String GAUGES_FORGOTTEN = "statsd.gauges.forgotten";
    /** Datagrams the kernel dropped because the receive buffer was full (read from /proc/net/udp). */
    static final String UDP_KERNEL_DROPS = "statsd.udp.kernel_drops";
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int EXAMPLE_BYTES = 200;

    private final Logger log;
    private final LongAdder datagrams = new LongAdder();
    private final LongAdder metrics = new LongAdder();
    private final LongAdder refusedByCore = new LongAdder();
    private final Map<LineFault, LongAdder> faults = new EnumMap<>(LineFault.class);
    private final Map<LineParser.IgnoredLine, LongAdder> ignored = new EnumMap<>(LineParser.IgnoredLine.class);
    private final Map<LineFault, AtomicLong> lastLogged = new EnumMap<>(LineFault.class);
    private final AtomicLong refusedLastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    StatsdCounters(Logger log) {
        this.log = log;
        for (LineFault fault : LineFault.values()) {
            faults.put(fault, new LongAdder());
            lastLogged.put(fault, new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS));
        }
        for (LineParser.IgnoredLine kind : LineParser.IgnoredLine.values()) {
            ignored.put(kind, new LongAdder());
        }
    }

    void received(int metricCount) {
        datagrams.increment();
        metrics.add(metricCount);
    }

    void ignored(LineParser.IgnoredLine kind) {
        ignored.get(kind).increment();
    }

    /** Counts a refused line and logs it (once a minute per reason) with the line as its example. */
    void refused(LineFault fault, byte[] data, int from, int to, String detail) {
        LongAdder count = faults.get(fault);
        count.increment();
        if (due(lastLogged.get(fault))) {
            log.log(Level.WARNING, "statsd line refused: " + fault.meaning() + (detail == null ? "" : " (" + detail + ")")
                    + ", e.g. " + example(data, from, to) + " (" + fault.counterKey() + " = " + count.sum()
                    + "; the other lines of its datagram were kept)");
        }
    }

    /** Counts a metric core refused and logs it (once a minute). */
    void refusedByCore(String reason) {
        refusedByCore.increment();
        if (due(refusedLastLogged)) {
            log.log(Level.WARNING, "statsd metric refused: " + reason + " (" + METRICS_REFUSED + " = " + refusedByCore.sum() + ")");
        }
    }

    long refused(LineFault fault) {
        return faults.get(fault).sum();
    }

    /** Every counter by name; {@code extra} adds those the sockets and parsers keep. */
    Map<String, Long> snapshot(Map<String, Long> extra) {
        Map<String, Long> out = new TreeMap<>(extra);
        out.put(DATAGRAMS_RECEIVED, datagrams.sum());
        out.put(METRICS_RECEIVED, metrics.sum());
        out.put(METRICS_REFUSED, refusedByCore.sum());
        faults.forEach((fault, count) -> out.put(fault.counterKey(), count.sum()));
        ignored.forEach((kind, count) -> out.put(kind.counterKey(), count.sum()));
        return out;
    }

    private static boolean due(AtomicLong last) {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous >= LOG_INTERVAL_NANOS && last.compareAndSet(previous, now);
    }

    /** The line, quoted, cut to 200 bytes, with control characters escaped. */
    static String example(byte[] data, int from, int to) {
        int end = Math.min(to, from + EXAMPLE_BYTES);
        StringBuilder out = new StringBuilder("'");
        String text = new String(data, from, end - from, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(end < to ? "'..." : "'").toString();
    }
}
