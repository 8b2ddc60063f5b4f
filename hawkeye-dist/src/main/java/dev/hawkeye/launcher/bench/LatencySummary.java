package dev.hawkeye.launcher.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in nanoseconds, in microseconds.
 *
 * @param samples how many latencies were recorded
 */
record LatencySummary(long samples, double p50, double p90, double p99, double p999, double max, double mean) {

    /** The summary of {@code nanos}, or {@code null} when it holds nothing. */
    static LatencySummary of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return null;
        }
        return new LatencySummary(nanos.getTotalCount(), micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(90)), micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()), nanos.getMean() / 1000.0);
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
