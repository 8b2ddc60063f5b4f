package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One monitor in the normalised (version 2) model that every config version is translated into.
 *
 * @param name          unique name
 * @param series        the series it watches
 * @param aggregate     what it computes over the window
 * @param window        how far back each evaluation looks
 * @param evaluateEvery how often it is evaluated
 * @param holdFor       how long a breach must hold before it fires ({@code for:}); zero fires at once
 * @param repeatEvery   how often a notification repeats while it keeps firing at one level
 * @param triggers      its levels, least severe first; when several are breached the last one wins
 * @param noData        what an evaluation without a value means ({@link NoDataPolicy#OK} for version 1)
 */
public record MonitorSpec(String name, Series series, Aggregate aggregate, Duration window, Duration evaluateEvery,
                          Duration holdFor, Duration repeatEvery, List<TriggerSpec> triggers, NoDataPolicy noData) {
    public MonitorSpec {
        triggers = List.copyOf(triggers);
        Objects.requireNonNull(noData, "noData");
    }

    /** A monitor for which no data breaches nothing ({@link NoDataPolicy#OK}), as in version 1. */
    public MonitorSpec(String name, Series series, Aggregate aggregate, Duration window, Duration evaluateEvery,
                       Duration holdFor, Duration repeatEvery, List<TriggerSpec> triggers) {
        this(name, series, aggregate, window, evaluateEvery, holdFor, repeatEvery, triggers, NoDataPolicy.OK);
    }

    /** The rule in words for one trigger: {@code count(api.errors) >= 100 over 1m}. */
    public String describe(TriggerSpec trigger) {
        return aggregate.wireName() + "(" + series + ") " + trigger.condition() + " over " + PluginConfig.formatDuration(window);
    }

    /** The rule in words for the monitor as a whole: {@code count(api.errors) over 1m}. */
    public String describe() {
        return aggregate.wireName() + "(" + series + ") over " + PluginConfig.formatDuration(window);
    }
}
