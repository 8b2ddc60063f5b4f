package dev.hawkeye.core.config;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.SeriesSelector;

/**
 * One aggregate a monitor reads: over the merge of the series a selector selects. Immutable.
 *
 * @param name      the name a monitor's formula refers to it by
 * @param selector  the series it merges
 * @param aggregate what it computes over the window
 */
public record MonitorQuery(String name, SeriesSelector selector, Aggregate aggregate) {

    /** {@code count(http.requests{service=checkout})}. */
    public String describe() {
        return aggregate.wireName() + "(" + selector + ")";
    }
}
