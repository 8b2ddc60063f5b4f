package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One monitor in the normalised (version 2) model that every config version is translated into.
 *
 * @param name          unique name
 * @param queries       what it reads, each by name; one for a monitor of one metric
 * @param value         what it judges: a formula over the queries, or the one query's value
 * @param groupBy       the tags whose values make one alert instance each; empty: one instance
 * @param maxGroups     the most instances it keeps (with {@code groupBy})
 * @param forgetAfter   how long an instance without data lives on (with {@code groupBy})
 * @param window        how far back each evaluation looks
 * @param evaluateEvery how often it is evaluated
 * @param holdFor       how long a breach must hold before it fires ({@code for:}); zero fires at once
 * @param repeatEvery   how often a notification repeats while it keeps firing at one level
 * @param triggers      its levels, least severe first; when several are breached the last one wins
 * @param noData        what an evaluation without a value means ({@link NoDataPolicy#OK} for version 1)
 */
public record MonitorSpec(String name, List<MonitorQuery> queries, Formula value, List<String> groupBy, int maxGroups,
                          Duration forgetAfter, Duration window, Duration evaluateEvery, Duration holdFor, Duration repeatEvery,
                          List<TriggerSpec> triggers, NoDataPolicy noData) {
    /** {@code max_groups} unless written. */
    public static final int DEFAULT_MAX_GROUPS = 1_000;
    /** The least {@code forget_after} by default: the default is the larger of this and two windows. */
    public static final Duration MIN_DEFAULT_FORGET_AFTER = Duration.ofHours(1);
    /** The name of the query of a monitor of one metric. */
    public static final String SINGLE_QUERY = "value";

    public MonitorSpec {
        queries = List.copyOf(queries);
        groupBy = List.copyOf(groupBy);
        triggers = List.copyOf(triggers);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(noData, "noData");
    }

    /** A monitor of the one series {@code series} exactly, as version 1 watches it. */
    public MonitorSpec(String name, Series series, Aggregate aggregate, Duration window, Duration evaluateEvery,
                       Duration holdFor, Duration repeatEvery, List<TriggerSpec> triggers, NoDataPolicy noData) {
        this(name, List.of(new MonitorQuery(SINGLE_QUERY, SeriesSelector.exactly(series), aggregate)), Formula.of(SINGLE_QUERY),
                List.of(), DEFAULT_MAX_GROUPS, defaultForgetAfter(window), window, evaluateEvery, holdFor, repeatEvery, triggers, noData);
    }

    /** A monitor of one series exactly for which no data breaches nothing ({@link NoDataPolicy#OK}), as in version 1. */
    public MonitorSpec(String name, Series series, Aggregate aggregate, Duration window, Duration evaluateEvery,
                       Duration holdFor, Duration repeatEvery, List<TriggerSpec> triggers) {
        this(name, series, aggregate, window, evaluateEvery, holdFor, repeatEvery, triggers, NoDataPolicy.OK);
    }

    /** {@code forget_after} unless written: the larger of an hour and two windows. */
    public static Duration defaultForgetAfter(Duration window) {
        Duration twice = window.multipliedBy(2);
        return twice.compareTo(MIN_DEFAULT_FORGET_AFTER) > 0 ? twice : MIN_DEFAULT_FORGET_AFTER;
    }

    /** Whether it makes one alert instance per group of tag values. */
    public boolean isGrouped() {
        return !groupBy.isEmpty();
    }

    /** The rule in words for one trigger: {@code count(api.errors) >= 100 over 1m}. */
    public String describe(TriggerSpec trigger) {
        return valueText() + " " + trigger.condition() + " over " + PluginConfig.formatDuration(window) + whereText();
    }

    /** The rule in words for the monitor as a whole: {@code count(api.errors) over 1m}. */
    public String describe() {
        return valueText() + " over " + PluginConfig.formatDuration(window) + whereText();
    }

    private boolean isOneQuery() {
        return queries.size() == 1 && value.root() instanceof Formula.Reference;
    }

    private String valueText() {
        String text = isOneQuery() ? queries.get(0).describe() : value.text();
        return isGrouped() ? text + " by " + String.join(",", groupBy) : text;
    }

    /** For a formula: {@code , where errors = count(...), requests = count(...)}. */
    private String whereText() {
        if (isOneQuery()) {
            return "";
        }
        StringJoiner where = new StringJoiner(", ", ", where ", "");
        queries.forEach(query -> where.add(query.name() + " = " + query.describe()));
        return where.toString();
    }
}
