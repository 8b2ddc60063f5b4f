package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import java.time.Duration;
import java.util.List;

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
 */
public record MonitorSpec(String name, Series series, Aggregate aggregate, Duration window, Duration evaluateEvery,
                          Duration holdFor, Duration repeatEvery, List<TriggerSpec> triggers) {
    public MonitorSpec {
        triggers = List.copyOf(triggers);
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
