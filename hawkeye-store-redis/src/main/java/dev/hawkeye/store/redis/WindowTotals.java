package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Stats;
import java.util.List;

/**
 * What a read script found in a window: the type of the latest bucket and the merged stats (with
 * the sketch, for a histogram read for a percentile). Immutable.
 */
record WindowTotals(MetricType type, Stats stats) {

    /**
     * Reads {@code type count sum min max last lastTs} and a sketch ({@link SketchCodec}) from
     * {@code words}, as the scripts print them.
     *
     * @throws IllegalArgumentException when the words are not that (with what is wrong)
     */
    static WindowTotals decode(List<String> words) {
        if (words.size() < 8) {
            throw new IllegalArgumentException("totals need at least 8 words, got " + words.size());
        }
        MetricType type = MetricType.fromWireName(words.get(0));
        Stats stats = new Stats((long) number(words.get(1)), number(words.get(2)), number(words.get(3)),
                number(words.get(4)), number(words.get(5)), (long) number(words.get(6)), SketchCodec.decode(words, 7));
        return new WindowTotals(type, stats);
    }

    /** Reads a number printed by Java or by Lua's {@code %.17g} (which writes {@code inf} and {@code nan}). */
    static double number(String text) {
        switch (text) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(text);
        }
    }
}
