package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Spelling;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a version 2 file ({@code version: 2}; {@code store}, {@code transport},
 * {@code notifiers}, {@code defaults}, {@code ingest}, {@code monitors} with named triggers each
 * routed to its own notifiers) into the normalised model. Every problem goes to {@link Problems};
 * things that are allowed but probably not meant become warnings. One per load.
 *
 * <p>Decisions a user may rely on:
 * <ul>
 *   <li>{@code store:} defaults to {@code {type: memory}}, {@code transport:} to {@code {type: unix}}.
 *       {@code transport:} is one section or a list of them, at most one of each type.</li>
 *   <li>A monitor's {@code window} is required (on the monitor or in {@code defaults:});
 *       {@code evaluate_every} defaults to 30s, {@code for} to 0s (fire at once),
 *       {@code repeat_every} to 1h ({@code 0s} or {@code never}: never repeat), {@code no_data} to
 *       {@code ok}. A monitor's own setting wins over {@code defaults:}.</li>
 *   <li>Triggers are listed least severe first; when several are breached the last one listed is
 *       the level. Two triggers of a monitor may not share a level name.</li>
 *   <li>{@code when:} is a comparison ({@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==},
 *       {@code !=}) and a number, as text: {@code when: "> 100"}.</li>
 *   <li>{@code notify:} lists routes {@code {via: NOTIFIER, ...}}; the keys other than {@code via}
 *       are the route's settings handed to the notifier with each notification ({@code to:},
 *       {@code channel:}). A bare name ({@code notify: [ops]}) is a route without settings.
 *       {@code via} must name a notifier of {@code notifiers:}.</li>
 *   <li>{@code for} longer than the {@code window} is an error.</li>
 *   <li>{@code tags:} are matchers, and a series may carry other tags: a monitor merges every
 *       series of its metric that passes them. {@code queries:} with a {@code value:} formula
 *       replace {@code metric}, {@code tags} and {@code aggregate}. {@code group_by} makes an alert
 *       instance per group ({@code max_groups} 1,000; {@code forget_after} the larger of 1h and two windows).</li>
 * </ul>
 */
final class Version2Translator {
    static final List<String> TOP_LEVEL_KEYS = List.of("version", "store", "transport", "http", "notifiers", "defaults", "ingest",
            "monitors");
    static final String HTTP_TYPE = "http";
    static final List<String> DEFAULTS_KEYS = List.of("window", "evaluate_every", "for", "repeat_every", "no_data");
    static final List<String> INGEST_KEYS = List.of("resolution", "flush_every", "max_pending_batches", "max_pending_buckets",
            "max_series", "max_point_age");
    static final List<String> MONITOR_KEYS = List.of("name", "metric", "tags", "aggregate", "queries", "value", "group_by",
            "max_groups", "forget_after", "window", "evaluate_every", "for", "repeat_every", "no_data", "triggers");
    static final List<String> QUERY_KEYS = List.of("metric", "tags", "aggregate");
    static final List<String> TRIGGER_KEYS = List.of("level", "when", "notify");
    static final Duration DEFAULT_EVALUATE_EVERY = Duration.ofSeconds(30);
    static final Duration DEFAULT_REPEAT_EVERY = Duration.ofHours(1);
    static final String NEVER = "never";

    /** Keys of version 1 and what version 2 calls them. */
    private static final Map<String, String> VERSION1_TOP_LEVEL = Map.of(
            "run_every", "a version 1 key; version 2 writes defaults: {repeat_every: 5m}");
    private static final Map<String, String> VERSION1_MONITOR = Map.of(
            "key", "a version 1 key; version 2 writes metric:",
            "interval", "a version 1 key; version 2 writes window: and evaluate_every:");
    private static final Map<String, String> VERSION1_TRIGGER = Map.of(
            "threshold", "a version 1 key; version 2 writes when: \">= 100\"",
            "recipients", "a version 1 key; version 2 writes notify: [{via: mail, to: [...]}]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:#-]{1,200}");
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern NOTIFIER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern WHEN = Pattern.compile("\\s*([<>=!]+)\\s*(.*?)\\s*");
    private static final String WHEN_EXPECTED = "expected a comparison (>, >=, <, <=, ==, !=) and a number, such as \"> 100\"";

    /** A monitor setting and the node it was written at ({@code null} for a built-in default). */
    private record Setting<T>(T value, ConfigNode node) {
        String describe() {
            return node == null ? "" : " (" + node.path() + ")";
        }
    }

    /** The {@code defaults:} section, each entry empty when not written there. */
    private record Defaults(Optional<Setting<Duration>> window, Optional<Setting<Duration>> evaluateEvery,
                            Optional<Setting<Duration>> holdFor, Optional<Setting<Duration>> repeatEvery,
                            Optional<Setting<NoDataPolicy>> noData, boolean windowWritten) {
        static final Defaults NONE = new Defaults(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    private final PluginSections sections;
    private final Problems problems;
    private final NodeReader read;
    private final List<String> warnings = new ArrayList<>();

    Version2Translator(PluginSections sections, Problems problems) {
        this.sections = sections;
        this.problems = problems;
        this.read = new NodeReader(problems);
    }

    /** The model of {@code root}; meaningful only when no problem was reported. */
    HawkeyeConfig translate(ConfigNode.Mapping root, String source) {
        read.rejectUnknownKeys(root, TOP_LEVEL_KEYS, VERSION1_TOP_LEVEL);
        PluginConfig store = pluginSection(root, "store", "memory");
        List<PluginConfig> transports = transports(root);
        PluginConfig http = http(root);
        Map<String, PluginConfig> notifiers = notifiers(root);
        IngestSettings ingest = root.get("ingest").map(this::ingest).orElse(IngestSettings.DEFAULTS);
        Defaults defaults = root.get("defaults").map(this::defaults).orElse(Defaults.NONE);
        List<MonitorSpec> monitors = monitors(root, defaults, notifiers.keySet());
        return new HawkeyeConfig(source, store, transports, http, notifiers, ingest, monitors, warnings);
    }

    private PluginConfig pluginSection(ConfigNode.Mapping root, String key, String defaultType) {
        Optional<ConfigNode> node = root.get(key);
        if (node.isEmpty()) {
            return sections.synthesised(key, Map.of("type", defaultType));
        }
        return read.mapping(node.get(), "a section with the " + key + "'s type, e.g. {type: " + defaultType + "}")
                .filter(this::hasType)
                .map(sections::of)
                .orElseGet(() -> sections.synthesised(key, Map.of("type", defaultType)));
    }

    /** One section, or a list of them with one of each type. */
    private List<PluginConfig> transports(ConfigNode.Mapping root) {
        Optional<ConfigNode> node = root.get("transport");
        if (node.isEmpty() || !(node.get() instanceof ConfigNode.Sequence sequence)) {
            return List.of(pluginSection(root, "transport", "unix"));
        }
        if (sequence.items().isEmpty()) {
            problems.at(sequence, "expected at least one transport, e.g. [{type: unix}, {type: statsd}], got an empty list");
            return List.of();
        }
        List<PluginConfig> transports = new ArrayList<>();
        Map<String, ConfigNode> typesSeen = new HashMap<>();
        for (ConfigNode item : sequence.items()) {
            Optional<ConfigNode.Mapping> section = read.mapping(item, "a transport section with its type, e.g. {type: unix}")
                    .filter(this::hasType);
            if (section.isEmpty()) {
                continue;
            }
            String type = String.valueOf(section.get().toPlain().get("type"));
            if (type.equals(HTTP_TYPE)) {
                problems.at(item, "the HTTP server is not a transport: configure it under http: {listen: ...}");
                continue;
            }
            ConfigNode earlier = typesSeen.putIfAbsent(type, item);
            if (earlier != null) {
                problems.at(item, "a second transport of type " + type + " (the first is at line " + earlier.location().line()
                        + "); one transport of each type listens on all its addresses");
                continue;
            }
            transports.add(sections.of(section.get()));
        }
        return transports;
    }

    /**
     * {@code http:} absent: the HTTP server on its defaults; {@code off} (or {@code false}): none;
     * a mapping: the http plugin's settings, which it validates.
     */
    private PluginConfig http(ConfigNode.Mapping root) {
        Optional<ConfigNode> node = root.get(HTTP_TYPE);
        if (node.isEmpty()) {
            return sections.synthesised(HTTP_TYPE, Map.of("type", HTTP_TYPE));
        }
        if (node.get() instanceof ConfigNode.Scalar scalar && !scalar.broken()
                && ("off".equals(scalar.value()) || Boolean.FALSE.equals(scalar.value()))) {
            return null;
        }
        Optional<ConfigNode.Mapping> section = read.mapping(node.get(), "the HTTP server's settings, e.g. {listen: \"127.0.0.1:9466\"}, or off");
        if (section.isEmpty()) {
            return null;
        }
        if (section.get().get("type").isPresent()) {
            problems.at(section.get().get("type").get(), "http: takes no type; it is always the http plugin");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>(section.get().toPlain());
        values.put("type", HTTP_TYPE);
        return sections.synthesised(section.get().path(), values);
    }

    /** Reports a missing or empty {@code type}; true when it is there. */
    private boolean hasType(ConfigNode.Mapping section) {
        return read.require(section, "type", "the plugin that implements it").flatMap(type -> read.text(type, "a plugin type")).isPresent();
    }

    private Map<String, PluginConfig> notifiers(ConfigNode.Mapping root) {
        Map<String, PluginConfig> notifiers = new LinkedHashMap<>();
        Optional<ConfigNode> node = root.get("notifiers");
        if (node.isEmpty() || isNothing(node.get())) {
            return notifiers;
        }
        Optional<ConfigNode.Mapping> all = read.mapping(node.get(), "named notifiers, e.g. {mail: {type: email, ...}}");
        if (all.isEmpty()) {
            return notifiers;
        }
        for (ConfigNode.Entry entry : all.get().entries()) {
            if (!NOTIFIER_NAME.matcher(entry.key()).matches()) {
                problems.add(entry.keyLocation(), all.get().childPath(entry.key()), "expected a notifier name of 1 to 64 letters,"
                        + " digits, '_', '.' or '-', got '" + entry.key() + "'");
                continue;
            }
            read.mapping(entry.value(), "a notifier section with its type, e.g. {type: email, ...}")
                    .filter(this::hasType)
                    .ifPresent(section -> notifiers.put(entry.key(), sections.of(section)));
        }
        return notifiers;
    }

    private IngestSettings ingest(ConfigNode node) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a section of ingest limits (" + String.join(", ", INGEST_KEYS) + ")");
        if (found.isEmpty()) {
            return IngestSettings.DEFAULTS;
        }
        ConfigNode.Mapping ingest = found.get();
        read.rejectUnknownKeys(ingest, INGEST_KEYS);
        IngestSettings defaults = IngestSettings.DEFAULTS;
        Duration resolution = ingest.get("resolution").flatMap(value -> read.duration(value, false)).orElse(defaults.resolution());
        Duration flushEvery = ingest.get("flush_every").flatMap(value -> read.duration(value, false)).orElse(defaults.flushInterval());
        int maxPending = ingest.get("max_pending_batches").map(value -> read.positiveInt(value, "batches"))
                .orElse(OptionalInt.of(defaults.maxPendingBatches())).orElse(defaults.maxPendingBatches());
        int maxPendingBuckets = ingest.get("max_pending_buckets").map(value -> read.positiveInt(value, "buckets"))
                .orElse(OptionalInt.of(defaults.maxPendingBuckets())).orElse(defaults.maxPendingBuckets());
        int maxSeries = ingest.get("max_series").map(value -> read.positiveInt(value, "series"))
                .orElse(OptionalInt.of(defaults.maxSeries())).orElse(defaults.maxSeries());
        Duration maxPointAge = ingest.get("max_point_age").flatMap(value -> read.duration(value, false))
                .orElse(defaults.maxPointAge());
        return new IngestSettings(resolution, flushEvery, maxPending, maxSeries, maxPointAge, maxPendingBuckets);
    }

    private Defaults defaults(ConfigNode node) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a section of monitor defaults (" + String.join(", ", DEFAULTS_KEYS) + ")");
        if (found.isEmpty()) {
            return Defaults.NONE;
        }
        ConfigNode.Mapping defaults = found.get();
        read.rejectUnknownKeys(defaults, DEFAULTS_KEYS);
        return new Defaults(durationSetting(defaults, "window", false), durationSetting(defaults, "evaluate_every", false),
                durationSetting(defaults, "for", true), repeatEvery(defaults), noData(defaults), defaults.get("window").isPresent());
    }

    private Optional<Setting<Duration>> durationSetting(ConfigNode.Mapping mapping, String key, boolean zeroAllowed) {
        return mapping.get(key).flatMap(node -> read.duration(node, zeroAllowed).map(value -> new Setting<>(value, node)));
    }

    /** {@code repeat_every}: a duration, where {@code 0s} and {@code never} mean never. */
    private Optional<Setting<Duration>> repeatEvery(ConfigNode.Mapping mapping) {
        return mapping.get("repeat_every").flatMap(node -> {
            if (node instanceof ConfigNode.Scalar scalar && NEVER.equals(scalar.value())) {
                return Optional.of(new Setting<>(Duration.ZERO, node));
            }
            return read.duration(node, true).map(value -> new Setting<>(value, node));
        });
    }

    private Optional<Setting<NoDataPolicy>> noData(ConfigNode.Mapping mapping) {
        List<String> names = Arrays.stream(NoDataPolicy.values()).map(NoDataPolicy::wireName).toList();
        return mapping.get("no_data").flatMap(node -> read.text(node, "one of " + String.join(", ", names)).flatMap(text -> {
            for (NoDataPolicy policy : NoDataPolicy.values()) {
                if (policy.wireName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(new Setting<>(policy, node));
                }
            }
            problems.at(node, "expected one of " + String.join(", ", names) + ", got " + node.describe() + Spelling.hint(text, names));
            return Optional.empty();
        }));
    }

    private List<MonitorSpec> monitors(ConfigNode.Mapping root, Defaults defaults, Set<String> notifiers) {
        Optional<ConfigNode> node = read.require(root, "monitors", "the list of monitors to watch");
        if (node.isEmpty()) {
            return List.of();
        }
        List<ConfigNode> items = isNothing(node.get()) ? List.of() : read.list(node.get(), "a list of monitors").orElse(List.of());
        if (items.isEmpty()) {
            warnings.add(node.get().location() + ": monitors is empty: nothing is watched");
        }
        List<MonitorSpec> monitors = new ArrayList<>();
        Map<String, String> namesTaken = new HashMap<>();
        for (ConfigNode item : items) {
            monitor(item, defaults, notifiers, namesTaken).ifPresent(monitors::add);
        }
        return monitors;
    }

    private Optional<MonitorSpec> monitor(ConfigNode node, Defaults defaults, Set<String> notifiers, Map<String, String> namesTaken) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a monitor (a section with name, metric, aggregate, window and triggers)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Mapping monitor = found.get();
        read.rejectUnknownKeys(monitor, MONITOR_KEYS, VERSION1_MONITOR);
        Optional<String> name = read.require(monitor, "name", "a unique name for the monitor").flatMap(value -> name(value, namesTaken));
        Optional<Queries> queries = queries(monitor);
        Optional<List<String>> groupBy = groupBy(monitor, queries);
        Optional<Setting<Duration>> window = monitor.get("window").isPresent() ? durationSetting(monitor, "window", false) : defaults.window();
        if (monitor.get("window").isEmpty() && !defaults.windowWritten()) {
            problems.add(monitor.location(), monitor.childPath("window"),
                    "missing required key 'window' (how far back each evaluation looks, e.g. 5m; or set defaults.window)");
        }
        Optional<Setting<Duration>> evaluateEvery = setting(monitor, "evaluate_every", durationSetting(monitor, "evaluate_every", false),
                defaults.evaluateEvery(), DEFAULT_EVALUATE_EVERY);
        Optional<Setting<Duration>> holdFor = setting(monitor, "for", durationSetting(monitor, "for", true), defaults.holdFor(), Duration.ZERO);
        Optional<Setting<Duration>> repeatEvery = setting(monitor, "repeat_every", repeatEvery(monitor), defaults.repeatEvery(),
                DEFAULT_REPEAT_EVERY);
        Optional<Setting<NoDataPolicy>> noData = setting(monitor, "no_data", noData(monitor), defaults.noData(), NoDataPolicy.OK);
        Optional<List<TriggerSpec>> triggers = triggers(monitor, notifiers);
        if (window.isPresent() && holdFor.isPresent() && holdFor.get().value().compareTo(window.get().value()) > 0) {
            ConfigNode at = holdFor.get().node() != null ? holdFor.get().node() : window.get().node();
            problems.at(at, "'for' (" + PluginConfig.formatDuration(holdFor.get().value()) + holdFor.get().describe()
                    + ") must not be longer than the window (" + PluginConfig.formatDuration(window.get().value())
                    + window.get().describe() + "): a breach is judged over one window");
            return Optional.empty();
        }
        OptionalInt maxGroups = monitor.get("max_groups").map(written -> read.positiveInt(written, "instances"))
                .orElse(OptionalInt.of(MonitorSpec.DEFAULT_MAX_GROUPS));
        Optional<Duration> forgetAfter = monitor.get("forget_after").isPresent()
                ? durationSetting(monitor, "forget_after", false).map(Setting::value)
                : window.map(setting -> MonitorSpec.defaultForgetAfter(setting.value()));
        if (name.isEmpty() || queries.isEmpty() || groupBy.isEmpty() || maxGroups.isEmpty() || forgetAfter.isEmpty()
                || window.isEmpty() || evaluateEvery.isEmpty() || holdFor.isEmpty() || repeatEvery.isEmpty() || noData.isEmpty()
                || triggers.isEmpty()) {
            return Optional.empty();
        }
        warnAboutGaps(monitor, window.get(), evaluateEvery.get());
        if (queries.get().list().size() == 1) {
            warnAboutNoData(monitor, queries.get().list().get(0).aggregate(), noData.get());
        }
        warnAboutShadowedTriggers(monitor, triggers.get());
        if (groupBy.get().isEmpty()) {
            for (String key : List.of("max_groups", "forget_after")) {
                monitor.get(key).ifPresent(written -> warn(monitor, key + " has no effect without group_by"));
            }
        }
        return Optional.of(new MonitorSpec(name.get(), queries.get().list(), queries.get().value(), groupBy.get(),
                maxGroups.getAsInt(), forgetAfter.get(), window.get().value(), evaluateEvery.get().value(),
                holdFor.get().value(), repeatEvery.get().value(), triggers.get(), noData.get().value()));
    }

    /** A monitor's queries and the formula judged over them. */
    private record Queries(List<MonitorQuery> list, Formula value) {
    }

    /**
     * Either {@code metric}, {@code tags} and {@code aggregate} (one query), or {@code queries} and
     * a {@code value} formula over them; not both.
     */
    private Optional<Queries> queries(ConfigNode.Mapping monitor) {
        Optional<ConfigNode> queriesNode = monitor.get("queries");
        if (queriesNode.isEmpty()) {
            monitor.get("value").ifPresent(node -> problems.at(node, "'value' is a formula over named queries: it needs "
                    + "'queries' (e.g. queries: {errors: {metric: ..., aggregate: count}}); a monitor of one metric writes "
                    + "metric and aggregate instead"));
            Optional<MonitorQuery> query = query(monitor, MonitorSpec.SINGLE_QUERY);
            return monitor.get("value").isPresent() ? Optional.empty()
                    : query.map(found -> new Queries(List.of(found), Formula.of(MonitorSpec.SINGLE_QUERY)));
        }
        for (String key : List.of("metric", "tags", "aggregate")) {
            monitor.get(key).ifPresent(node -> problems.at(node, "'" + key + "' belongs in each of the monitor's queries "
                    + "when it has 'queries'"));
        }
        Optional<ConfigNode.Mapping> mapping = read.mapping(queriesNode.get(),
                "queries by name, e.g. {errors: {metric: http.requests, aggregate: count}}");
        Optional<ConfigNode> valueNode = read.require(monitor, "value", "the formula judged over the queries, e.g. \"errors / requests * 100\"");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        if (mapping.get().entries().isEmpty()) {
            problems.at(queriesNode.get(), "expected at least one query, got none");
            return Optional.empty();
        }
        List<MonitorQuery> list = new ArrayList<>();
        boolean complete = true;
        for (ConfigNode.Entry entry : mapping.get().entries()) {
            if (!QUERY_NAME.matcher(entry.key()).matches()) {
                problems.add(entry.keyLocation(), mapping.get().childPath(entry.key()), "a query name is a letter or '_' and then "
                        + "letters, digits or '_' (up to 64), as a formula refers to it; got '" + entry.key() + "'");
                complete = false;
                continue;
            }
            Optional<MonitorQuery> query = read.mapping(entry.value(), "a query (a section with metric, tags and aggregate)")
                    .flatMap(section -> {
                        read.rejectUnknownKeys(section, QUERY_KEYS);
                        return query(section, entry.key());
                    });
            query.ifPresent(list::add);
            complete &= query.isPresent();
        }
        Optional<Formula> value = valueNode.flatMap(node -> formula(node, mapping.get()));
        if (!complete || value.isEmpty()) {
            return Optional.empty();
        }
        Set<String> used = value.get().references();
        for (MonitorQuery query : list) {
            if (!used.contains(query.name())) {
                warn(monitor, "query '" + query.name() + "' is not used by value (" + value.get() + ")");
            }
        }
        return Optional.of(new Queries(list, value.get()));
    }

    private Optional<Formula> formula(ConfigNode node, ConfigNode.Mapping queries) {
        Optional<String> text = read.text(node, "a formula over the queries, e.g. \"errors / requests * 100\"");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Formula formula;
        try {
            formula = Formula.parse(text.get());
        } catch (IllegalArgumentException e) {
            problems.at(node, "the formula does not parse: " + e.getMessage());
            return Optional.empty();
        }
        List<String> defined = queries.entries().stream().map(ConfigNode.Entry::key).toList();
        boolean known = true;
        for (String name : formula.references()) {
            if (!defined.contains(name)) {
                problems.at(node, "the formula refers to query '" + name + "', which is not defined; defined: "
                        + String.join(", ", defined) + Spelling.hint(name, defined));
                known = false;
            }
        }
        return known ? Optional.of(formula) : Optional.empty();
    }

    /** {@code metric}, {@code tags} and {@code aggregate} of {@code section} (a monitor or one of its queries). */
    private Optional<MonitorQuery> query(ConfigNode.Mapping section, String name) {
        Optional<SeriesSelector> selector = selector(section);
        Optional<Aggregate> aggregate = read.require(section, "aggregate", "what to compute over the window: " + Aggregate.wireNames())
                .flatMap(this::aggregate);
        if (selector.isEmpty() || aggregate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MonitorQuery(name, selector.get(), aggregate.get()));
    }

    /**
     * {@code group_by:} a tag name or a list of them, none negated by a matcher of a query (a
     * series with the negated value cannot form the group it names).
     */
    private Optional<List<String>> groupBy(ConfigNode.Mapping monitor, Optional<Queries> queries) {
        Optional<ConfigNode> node = monitor.get("group_by");
        if (node.isEmpty() || isNothing(node.get())) {
            return Optional.of(List.of());
        }
        Optional<List<String>> tags = read.textList(node.get(), "tag name");
        if (tags.isEmpty()) {
            return tags;
        }
        boolean valid = true;
        Set<String> seen = new HashSet<>();
        for (String tag : tags.get()) {
            try {
                Series.of("k", Map.of(tag, "v"));
            } catch (InvalidPointException e) {
                problems.at(node.get(), "group_by: " + e.getMessage());
                valid = false;
                continue;
            }
            if (!seen.add(tag)) {
                problems.at(node.get(), "group_by names tag '" + tag + "' twice");
                valid = false;
            }
            for (MonitorQuery query : queries.map(Queries::list).orElse(List.of())) {
                for (TagMatcher matcher : query.selector().matchers()) {
                    if (matcher.tag().equals(tag) && matcher.negated()) {
                        problems.at(node.get(), "group_by names tag '" + tag + "', which a matcher negates (" + matcher
                                + (query.name().equals(MonitorSpec.SINGLE_QUERY) ? "" : " in query " + query.name())
                                + "): a negated tag cannot name the groups; group by another tag or match its values");
                        valid = false;
                    }
                }
            }
        }
        return valid ? tags : Optional.empty();
    }

    /**
     * The monitor's own setting when written (empty when written wrong), else the default's, else
     * the built-in value.
     */
    private static <T> Optional<Setting<T>> setting(ConfigNode.Mapping monitor, String key, Optional<Setting<T>> own,
                                                    Optional<Setting<T>> fromDefaults, T builtIn) {
        if (monitor.get(key).isPresent()) {
            return own;
        }
        return Optional.of(fromDefaults.orElse(new Setting<>(builtIn, null)));
    }

    private Optional<String> name(ConfigNode node, Map<String, String> namesTaken) {
        Optional<String> name = read.text(node, "a monitor name");
        if (name.isEmpty()) {
            return name;
        }
        if (!NAME.matcher(name.get()).matches()) {
            problems.at(node, "expected a monitor name of 1 to 200 letters, digits, '_', '.', ':', '#' or '-', got " + node.describe());
            return Optional.empty();
        }
        String monitorPath = node.path().substring(0, node.path().lastIndexOf('.'));
        String earlier = namesTaken.putIfAbsent(name.get(), monitorPath);
        if (earlier != null) {
            problems.at(node, "the name '" + name.get() + "' is already used by " + earlier + "; monitor names must be unique");
            return Optional.empty();
        }
        return name;
    }

    /**
     * {@code metric} and {@code tags}: each tag a matcher, a text ({@code checkout}, {@code web-*},
     * {@code !canary}, {@code "*"}) or a list of texts (any of them).
     */
    private Optional<SeriesSelector> selector(ConfigNode.Mapping section) {
        Optional<ConfigNode> metricNode = read.require(section, "metric", "the metric key to watch, e.g. api.errors");
        Optional<String> metric = metricNode.flatMap(node -> read.text(node, "a metric key"));
        List<TagMatcher> matchers = new ArrayList<>();
        boolean tagsValid = true;
        Optional<ConfigNode> tagsNode = section.get("tags");
        if (tagsNode.isPresent() && !isNothing(tagsNode.get())) {
            Optional<ConfigNode.Mapping> tagMapping = read.mapping(tagsNode.get(),
                    "tags as a section of names and matchers, e.g. {service: checkout, host: \"web-*\"}");
            tagsValid = tagMapping.isPresent();
            for (ConfigNode.Entry entry : tagMapping.map(ConfigNode.Mapping::entries).orElse(List.of())) {
                Optional<TagMatcher> matcher = matcher(entry);
                matcher.ifPresent(matchers::add);
                tagsValid &= matcher.isPresent();
            }
        }
        if (metric.isEmpty() || !tagsValid) {
            return Optional.empty();
        }
        try {
            return Optional.of(SeriesSelector.matching(metric.get(), matchers));
        } catch (InvalidPointException e) {
            problems.at(locateField(e.field(), tagsNode, metricNode.get()), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<TagMatcher> matcher(ConfigNode.Entry entry) {
        String expected = "a tag matcher: a value (checkout), a glob (\"web-*\"), a negation (\"!canary\"), \"*\" (any value) "
                + "or a list of values";
        Optional<List<String>> values = entry.value() instanceof ConfigNode.Sequence
                ? read.textList(entry.value(), "tag value")
                : read.text(entry.value(), expected).map(List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(entry.value() instanceof ConfigNode.Sequence ? TagMatcher.anyOf(entry.key(), values.get())
                    : TagMatcher.parse(entry.key(), values.get().get(0)));
        } catch (InvalidPointException e) {
            problems.at(entry.value(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The node of a series field ({@code key}, {@code tags}, {@code tags.host}) that an error names. */
    private static ConfigNode locateField(String field, Optional<ConfigNode> tagsNode, ConfigNode metricNode) {
        if (field == null || !field.startsWith("tags") || tagsNode.isEmpty()) {
            return metricNode;
        }
        if (field.startsWith("tags.") && tagsNode.get() instanceof ConfigNode.Mapping tags) {
            return tags.get(field.substring("tags.".length())).orElse(tagsNode.get());
        }
        return tagsNode.get();
    }

    private Optional<Aggregate> aggregate(ConfigNode node) {
        return read.text(node, "an aggregate: " + Aggregate.wireNames()).flatMap(text -> {
            try {
                return Optional.of(Aggregate.fromWireName(text.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                List<String> names = Arrays.stream(Aggregate.values()).map(Aggregate::wireName).toList();
                problems.at(node, "expected an aggregate (" + Aggregate.wireNames() + "), got " + node.describe() + Spelling.hint(text, names));
                return Optional.empty();
            }
        });
    }

    private Optional<List<TriggerSpec>> triggers(ConfigNode.Mapping monitor, Set<String> notifiers) {
        Optional<ConfigNode> node = read.require(monitor, "triggers", "its levels: each a level, a when and whom to notify");
        Optional<List<ConfigNode>> items = node.flatMap(value -> read.list(value, "a list of triggers"));
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            problems.at(node.get(), "expected at least one trigger, got an empty list");
            return Optional.empty();
        }
        List<TriggerSpec> triggers = new ArrayList<>();
        Map<String, String> levelsTaken = new HashMap<>();
        boolean complete = true;
        for (ConfigNode item : items.get()) {
            Optional<TriggerSpec> trigger = trigger(item, notifiers, levelsTaken);
            trigger.ifPresent(triggers::add);
            complete &= trigger.isPresent();
        }
        return complete ? Optional.of(triggers) : Optional.empty();
    }

    private Optional<TriggerSpec> trigger(ConfigNode node, Set<String> notifiers, Map<String, String> levelsTaken) {
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a trigger (a section with level, when and notify)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Mapping trigger = found.get();
        read.rejectUnknownKeys(trigger, TRIGGER_KEYS, VERSION1_TRIGGER);
        Optional<String> level = read.require(trigger, "level", "the level's name, e.g. warning or critical")
                .flatMap(value -> level(value, levelsTaken));
        Optional<Condition> condition = read.require(trigger, "when", "the rule, e.g. \"> 100\"").flatMap(this::condition);
        Optional<List<NotifyRoute>> routes = read.require(trigger, "notify", "where its notifications go, e.g."
                + " [{via: mail, to: [oncall@example.com]}], or [] for nowhere").flatMap(value -> routes(value, notifiers));
        if (level.isEmpty() || condition.isEmpty() || routes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TriggerSpec(level.get(), condition.get(), routes.get()));
    }

    private Optional<String> level(ConfigNode node, Map<String, String> levelsTaken) {
        Optional<String> level = read.text(node, "a level name");
        if (level.isEmpty()) {
            return level;
        }
        String triggerPath = node.path().substring(0, node.path().lastIndexOf('.'));
        String earlier = levelsTaken.putIfAbsent(level.get(), triggerPath);
        if (earlier != null) {
            problems.at(node, "level '" + level.get() + "' is already used by " + earlier + "; each trigger of a monitor needs its own level");
            return Optional.empty();
        }
        return level;
    }

    /** {@code "> 100"}: a comparison and a finite number. */
    Optional<Condition> condition(ConfigNode node) {
        if (node instanceof ConfigNode.Scalar scalar && scalar.broken()) {
            return Optional.empty();
        }
        if (!(node instanceof ConfigNode.Scalar scalar) || !(scalar.value() instanceof String text)) {
            String hint = node instanceof ConfigNode.Scalar scalar && scalar.value() instanceof Number
                    ? " (write the comparison too, e.g. \">= " + scalar.text() + "\")" : "";
            problems.at(node, WHEN_EXPECTED + ", got " + node.describe() + hint);
            return Optional.empty();
        }
        Matcher matcher = WHEN.matcher(text);
        if (!matcher.matches()) {
            problems.at(node, WHEN_EXPECTED + ", got " + node.describe());
            return Optional.empty();
        }
        Optional<Comparison> comparison = Arrays.stream(Comparison.values()).filter(c -> c.symbol().equals(matcher.group(1))).findFirst();
        if (comparison.isEmpty()) {
            List<String> symbols = Arrays.stream(Comparison.values()).map(Comparison::symbol).toList();
            String hint = switch (matcher.group(1)) {
                case "=" -> " (did you mean '=='?)";
                case "=>" -> " (did you mean '>='?)";
                case "=<" -> " (did you mean '<='?)";
                default -> Spelling.hint(matcher.group(1), symbols);
            };
            problems.at(node, WHEN_EXPECTED + ", got " + node.describe() + ": '" + matcher.group(1) + "' is not a comparison" + hint);
            return Optional.empty();
        }
        String number = matcher.group(2);
        if (!NodeReader.DECIMAL.matcher(number).matches()) {
            problems.at(node, WHEN_EXPECTED + ", got " + node.describe() + ": "
                    + (number.isEmpty() ? "the number is missing" : "'" + number + "' is not a number"));
            return Optional.empty();
        }
        double threshold = Double.parseDouble(number);
        if (!Double.isFinite(threshold)) {
            problems.at(node, WHEN_EXPECTED + ", got " + node.describe() + ": '" + number + "' is too large");
            return Optional.empty();
        }
        return Optional.of(new Condition(comparison.get(), threshold));
    }

    private Optional<List<NotifyRoute>> routes(ConfigNode node, Set<String> notifiers) {
        Optional<List<ConfigNode>> items = read.list(node, "a list of routes, e.g. [{via: mail, to: [oncall@example.com]}]");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<NotifyRoute> routes = new ArrayList<>();
        boolean complete = true;
        for (ConfigNode item : items.get()) {
            Optional<NotifyRoute> route = route(item, notifiers);
            route.ifPresent(routes::add);
            complete &= route.isPresent();
        }
        return complete ? Optional.of(routes) : Optional.empty();
    }

    private Optional<NotifyRoute> route(ConfigNode node, Set<String> notifiers) {
        if (node instanceof ConfigNode.Scalar) {
            return read.text(node, "a route: a notifier's name or {via: NAME, ...}")
                    .filter(via -> notifierDefined(node, via, notifiers))
                    .map(via -> new NotifyRoute(via, sections.synthesised(node.path(), Map.of())));
        }
        Optional<ConfigNode.Mapping> found = read.mapping(node, "a route {via: NAME, ...settings for that notifier}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Mapping route = found.get();
        Optional<ConfigNode> viaNode = read.require(route, "via", "the name of the notifier to send through");
        Optional<String> via = viaNode.flatMap(value -> read.text(value, "a notifier name"))
                .filter(name -> notifierDefined(viaNode.get(), name, notifiers));
        if (via.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        route.entries().stream().filter(entry -> !entry.key().equals("via"))
                .forEach(entry -> settings.put(entry.key(), entry.value().toPlain()));
        return Optional.of(new NotifyRoute(via.get(), sections.synthesised(route.path(), settings)));
    }

    private boolean notifierDefined(ConfigNode at, String via, Set<String> notifiers) {
        if (notifiers.contains(via)) {
            return true;
        }
        String defined = notifiers.isEmpty() ? "none is defined (add it under notifiers:)"
                : "defined: " + String.join(", ", notifiers.stream().sorted().toList());
        problems.at(at, "no notifier named '" + via + "'; " + defined + Spelling.hint(via, notifiers));
        return false;
    }

    private void warnAboutGaps(ConfigNode.Mapping monitor, Setting<Duration> window, Setting<Duration> evaluateEvery) {
        if (evaluateEvery.value().compareTo(window.value()) > 0) {
            warn(monitor, "evaluate_every (" + PluginConfig.formatDuration(evaluateEvery.value()) + ") is longer than the window ("
                    + PluginConfig.formatDuration(window.value()) + "): what happens between two windows is never looked at");
        }
    }

    private void warnAboutNoData(ConfigNode.Mapping monitor, Aggregate aggregate, Setting<NoDataPolicy> noData) {
        boolean alwaysAValue = aggregate == Aggregate.COUNT || aggregate == Aggregate.SUM || aggregate == Aggregate.RATE;
        if (alwaysAValue && noData.node() != null && noData.value() != NoDataPolicy.OK) {
            warn(monitor, "no_data: " + noData.value().wireName() + " has no effect with aggregate " + aggregate.wireName()
                    + ": an empty window counts 0 (to alert on silence, use e.g. when: \"< 1\")");
        }
    }

    /** A less severe trigger that every breaching value of a more severe one also breaches can never be the level. */
    private void warnAboutShadowedTriggers(ConfigNode.Mapping monitor, List<TriggerSpec> triggers) {
        for (int i = 0; i < triggers.size(); i++) {
            for (int j = i + 1; j < triggers.size(); j++) {
                if (implies(triggers.get(i).condition(), triggers.get(j).condition())) {
                    warn(monitor, "trigger '" + triggers.get(i).level() + "' (" + triggers.get(i).condition() + ") can never be the level:"
                            + " every value that breaches it also breaches '" + triggers.get(j).level() + "' ("
                            + triggers.get(j).condition() + "), which is listed after it; list triggers least severe first");
                    break;
                }
            }
        }
    }

    /** True when every value that breaches {@code a} breaches {@code b}. */
    static boolean implies(Condition a, Condition b) {
        Comparison ca = a.comparison();
        Comparison cb = b.comparison();
        if (ca == Comparison.EQUAL) {
            return b.isBreachedBy(a.threshold());
        }
        boolean aUp = ca == Comparison.GREATER || ca == Comparison.GREATER_OR_EQUAL;
        boolean bUp = cb == Comparison.GREATER || cb == Comparison.GREATER_OR_EQUAL;
        boolean aDown = ca == Comparison.LESS || ca == Comparison.LESS_OR_EQUAL;
        boolean bDown = cb == Comparison.LESS || cb == Comparison.LESS_OR_EQUAL;
        boolean aStrict = ca == Comparison.GREATER || ca == Comparison.LESS;
        boolean bStrict = cb == Comparison.GREATER || cb == Comparison.LESS;
        if ((aUp && bUp) || (aDown && bDown)) {
            double beyond = aUp ? a.threshold() - b.threshold() : b.threshold() - a.threshold();
            return beyond > 0 || (beyond == 0 && (aStrict || !bStrict));
        }
        return false;
    }

    private void warn(ConfigNode.Mapping monitor, String message) {
        warnings.add(new ConfigProblem(monitor.location().toString(), monitor.path(), message).toString());
    }

    private static boolean isNothing(ConfigNode node) {
        return node instanceof ConfigNode.Scalar scalar && scalar.value() == null && !scalar.broken();
    }
}
