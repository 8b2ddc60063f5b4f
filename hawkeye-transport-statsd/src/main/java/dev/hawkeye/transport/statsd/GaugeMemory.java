package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.metric.Series;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last value of each gauge a receiver saw, so that {@code name:+3|g} and {@code name:-3|g}
 * (StatsD's gauge changes) can be turned into the value they lead to. Bounded: past
 * {@code capacity} series the one unseen longest is forgotten, and a change to a forgotten gauge
 * starts from 0, as a change to an unknown gauge does in StatsD. Not thread-safe: one per receiver.
 */
final class GaugeMemory {
    private final Map<Series, double[]> last;
    private long forgotten;

    GaugeMemory(int capacity) {
        this.last = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Series, double[]> eldest) {
                boolean full = size() > capacity;
                if (full) {
                    forgotten++;
                }
                return full;
            }
        };
    }

    /** Remembers {@code value} as the gauge's value. */
    void set(Series series, double value) {
        double[] slot = last.get(series);
        if (slot == null) {
            last.put(series, new double[] {value});
        } else {
            slot[0] = value;
        }
    }

    /** The gauge changed by {@code delta}: its new value, remembered. */
    double change(Series series, double delta) {
        double[] slot = last.get(series);
        if (slot == null) {
            last.put(series, new double[] {delta});
            return delta;
        }
        slot[0] += delta;
        return slot[0];
    }

    /** Gauges forgotten to stay within the capacity. */
    long forgotten() {
        return forgotten;
    }
}
