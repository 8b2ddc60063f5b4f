package dev.hawkeye.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedRange;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.api.transport.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The {@link HawkeyeRpc} methods over core's {@link MetricSink} and {@link QueryService}.
 * Thread-safe (its collaborators are).
 */
public final class HawkeyeRpcHandler implements HawkeyeRpc {
    private static final List<String> BATCH_FIELDS = List.of("series", "points");
    private static final List<String> QUERY_FIELDS = List.of("key", "tags", "aggregate", "window", "by");
    private static final List<String> RANGE_FIELDS = List.of("key", "tags", "aggregate", "from", "to", "step", "window", "by");
    private static final List<String> SERIES_FIELDS = List.of("key", "tags", "window");
    private static final Duration DEFAULT_SERIES_WINDOW = Duration.ofHours(1);

    private final MetricSink sink;
    private final QueryService queries;
    private final Clock clock;
    private final PointReader points;
    private final ProtocolCounters counters;

    public HawkeyeRpcHandler(MetricSink sink, QueryService queries, Clock clock, ProtocolCounters counters) {
        this.sink = sink;
        this.queries = queries;
        this.clock = clock;
        this.points = new PointReader(clock);
        this.counters = counters;
    }

    @Override
    public RecordResult record(JsonNode params) {
        requireObject(params, "{\"key\", \"value\"?, \"type\"?, \"tags\"?, \"timestamp\"?}");
        Point point;
        try {
            point = points.read(params);
        } catch (InvalidPointException e) {
            counters.pointInvalid();
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
        try {
            sink.record(point);
        } catch (InvalidPointException e) {
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
        return new RecordResult(1, List.of());
    }

    /** Series ids defined here hold for this call alone; the transport calls {@link #recordBatch(JsonNode, SeriesTable)}. */
    @Override
    public RecordResult recordBatch(JsonNode params) {
        return recordBatch(params, new SeriesTable());
    }

    /**
     * {@link #recordBatch(JsonNode)} on a connection: its {@code series} definitions go into
     * {@code ids} first, then its points may name theirs by id. A refused definition is counted and
     * logged; the points that use its id are listed as refused with its reason.
     */
    public RecordResult recordBatch(JsonNode params, SeriesTable ids) {
        requireObject(params, "{\"series\"?: [...], \"points\": [...]}");
        rejectUnknownFields(params, BATCH_FIELDS);
        JsonNode list = params.get("points");
        if (list == null || !list.isArray()) {
            throw new InvalidParamsException("points", "points must be an array of points; got " + JsonTypes.describe(list));
        }
        JsonNode definitions = params.get("series");
        if (!JsonTypes.isAbsent(definitions) && !definitions.isArray()) {
            throw new InvalidParamsException("series", "series must be an array of {\"id\", \"key\", \"tags\"?}; got "
                    + JsonTypes.describe(definitions));
        }
        Map<Long, String> refused = JsonTypes.isAbsent(definitions) ? Map.of() : define(definitions, ids);
        int accepted = 0;
        List<Rejection> rejected = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            Point point;
            try {
                point = points.read(list.get(index), ids, refused);
            } catch (InvalidPointException e) {
                counters.pointInvalid();
                rejected.add(new Rejection(index, e.getMessage(), e.field()));
                continue;
            }
            try {
                sink.record(point);
                accepted++;
            } catch (InvalidPointException e) {
                rejected.add(new Rejection(index, e.getMessage(), e.field()));
            } catch (RuntimeException e) {
                // One failing point must not lose the rest: report it like a refused one.
                counters.recordFailed("recording point " + point.series() + " failed: " + e);
                rejected.add(new Rejection(index, "not recorded: " + e.getMessage(), null));
            }
        }
        return new RecordResult(accepted, rejected);
    }

    /** Defines each valid series of {@code definitions}; returns why the others were refused, by id where one was given. */
    private Map<Long, String> define(JsonNode definitions, SeriesTable ids) {
        Map<Long, String> refused = new HashMap<>(0);
        for (int index = 0; index < definitions.size(); index++) {
            JsonNode definition = definitions.get(index);
            try {
                PointReader.Definition read = points.definition(definition);
                ids.define(read.id(), read.series());
            } catch (InvalidPointException e) {
                counters.seriesRefused("refused series definition " + index + " of a recordBatch: " + e.getMessage());
                JsonNode id = definition == null ? null : definition.get("id");
                if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
                    refused.put(id.longValue(), e.getMessage());
                }
            }
        }
        return refused;
    }

    @Override
    public QueryAnswer query(JsonNode params) {
        requireObject(params, "{\"key\", \"tags\"?, \"aggregate\", \"window\", \"by\"?}");
        rejectUnknownFields(params, QUERY_FIELDS);
        SeriesSelector selector = selector(params, true);
        List<String> by = by(params.get("by"), selector);
        Aggregate aggregate = aggregate(params.get("aggregate"));
        Duration window = window(params.get("window"));
        Instant to = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String from = to.minus(window).toString();
        GroupedValues found;
        try {
            found = queries.query(selector, by == null ? List.of() : by, aggregate, window);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedQueryException(e.getMessage(), e);
        }
        // Without data the one group {} is still answered, with what the aggregate gives for nothing (a count of 0).
        OptionalDouble nothing = aggregate.of(MetricType.COUNTER, Stats.EMPTY, window);
        if (by == null) {
            return new QueryResult(shown(found.values().getOrDefault(Map.of(), nothing)), aggregate.wireName(), from,
                    to.toString(), found.series());
        }
        List<Group> groups = new ArrayList<>(found.values().size());
        found.values().forEach((groupTags, value) -> groups.add(new Group(ordered(by, groupTags), shown(value))));
        if (by.isEmpty() && groups.isEmpty()) {
            groups.add(new Group(Map.of(), shown(nothing)));
        }
        groups.sort((a, b) -> compareGroups(by, a.tags(), b.tags()));
        return new GroupedQueryResult(groups, aggregate.wireName(), from, to.toString(), found.groupsLeftOut());
    }

    @Override
    public RangeResult queryRange(JsonNode params) {
        requireObject(params, "{\"key\", \"tags\"?, \"aggregate\", \"from\", \"to\", \"step\", \"window\"?, \"by\"?}");
        rejectUnknownFields(params, RANGE_FIELDS);
        SeriesSelector selector = selector(params, true);
        List<String> by = by(params.get("by"), selector);
        List<String> groupBy = by == null ? List.of() : by;
        Aggregate aggregate = aggregate(params.get("aggregate"));
        Instant from = instant(params.get("from"), "from");
        Instant to = instant(params.get("to"), "to");
        Duration step = duration(params.get("step"), "step");
        Duration window = JsonTypes.isAbsent(params.get("window")) ? step : window(params.get("window"));
        if (to.isBefore(from)) {
            throw new InvalidParamsException("to", "to (" + to + ") is before from (" + from + ")");
        }
        GroupedRange found;
        try {
            found = queries.queryRange(selector, groupBy, aggregate, from, to, step, window);
        } catch (IllegalArgumentException e) {
            throw new InvalidParamsException("step", e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedQueryException(e.getMessage(), e);
        }
        List<RangeGroup> groups = new ArrayList<>(found.groups().size());
        found.groups().forEach((groupTags, steps) -> {
            List<List<Number>> values = new ArrayList<>(steps.size());
            for (GroupedRange.Step each : steps) {
                if (Double.isFinite(each.value())) {
                    values.add(List.of(each.at().getEpochSecond(), each.value()));
                }
            }
            groups.add(new RangeGroup(ordered(groupBy, groupTags), values));
        });
        groups.sort((a, b) -> compareGroups(groupBy, a.tags(), b.tags()));
        return new RangeResult(groups, aggregate.wireName(), from.toString(), to.toString(), step.toSeconds(),
                found.groupsLeftOut());
    }

    @Override
    public SeriesResult series(JsonNode params) {
        JsonNode given = JsonTypes.isAbsent(params) ? JsonNodeFactory.instance.objectNode() : params;
        requireObject(given, "{\"key\"?, \"tags\"?, \"window\"?}");
        rejectUnknownFields(given, SERIES_FIELDS);
        SeriesSelector selector = selector(given, false);
        Duration window = JsonTypes.isAbsent(given.get("window")) ? DEFAULT_SERIES_WINDOW : window(given.get("window"));
        List<SeriesInfo> found;
        try {
            found = new ArrayList<>(queries.series(selector, window, QueryService.MAX_SERIES));
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedQueryException(e.getMessage(), e);
        }
        found.sort(Comparator.comparing((SeriesInfo info) -> info.series().key())
                .thenComparing((a, b) -> compareTags(a.series().tags(), b.series().tags())));
        List<SeriesView> views = new ArrayList<>(Math.min(found.size(), QueryService.MAX_SERIES));
        for (SeriesInfo info : found.subList(0, Math.min(found.size(), QueryService.MAX_SERIES))) {
            views.add(new SeriesView(info.series().key(), info.series().tags(), info.type().wireName(),
                    iso(info.lastPointAt()), Double.isFinite(info.lastValue()) ? info.lastValue() : null));
        }
        return new SeriesResult(views, found.size() >= QueryService.MAX_SERIES);
    }

    @Override
    public StatusResult status() {
        StatusReport report = queries.status();
        List<MonitorView> monitors = new ArrayList<>(report.monitors().size());
        for (MonitorStatus monitor : report.monitors()) {
            monitors.add(new MonitorView(monitor.name(), monitor.state(), monitor.level(),
                    Double.isFinite(monitor.value()) ? monitor.value() : null, monitor.condition(),
                    iso(monitor.since()), iso(monitor.lastNotified())));
        }
        StoreHealth store = report.store();
        return new StatusResult(monitors, report.counters(), new StoreView(store.available(), iso(store.unavailableSince()), store.reason()));
    }

    @Override
    public String ping() {
        return "pong";
    }

    /**
     * The selector of {@code key} and the matchers of {@code tags}: each tag's matcher is a string
     * ({@code "web-1"}, {@code "web-*"}, {@code "!canary"}, {@code "*"}) or a list of strings, any
     * of which may match.
     */
    private static SeriesSelector selector(JsonNode params, boolean keyRequired) {
        JsonNode key = params.get("key");
        if (JsonTypes.isAbsent(key) ? keyRequired : !key.isTextual()) {
            throw new InvalidParamsException("key", "key must be a string; got " + JsonTypes.describe(key));
        }
        JsonNode tags = params.get("tags");
        List<TagMatcher> matchers = new ArrayList<>();
        if (!JsonTypes.isAbsent(tags)) {
            if (!tags.isObject()) {
                throw new InvalidParamsException("tags", "tags must be an object of tag names to matchers (a string or a list "
                        + "of strings); got " + JsonTypes.describe(tags));
            }
            if (tags.size() > Series.MAX_TAGS) {
                throw new InvalidParamsException("tags", "at most " + Series.MAX_TAGS + " tags are allowed; got " + tags.size());
            }
            for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                matchers.add(matcher(tag.getKey(), tag.getValue()));
            }
        }
        try {
            return SeriesSelector.matching(JsonTypes.isAbsent(key) ? null : key.textValue(), matchers);
        } catch (InvalidPointException e) {
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
    }

    private static TagMatcher matcher(String tag, JsonNode matcher) {
        try {
            if (matcher.isTextual()) {
                return TagMatcher.parse(tag, matcher.textValue());
            }
            if (matcher.isArray()) {
                List<String> globs = new ArrayList<>(matcher.size());
                for (JsonNode glob : matcher) {
                    if (!glob.isTextual()) {
                        throw new InvalidParamsException("tags." + tag, "the values listed for tag '" + tag
                                + "' must be strings; got " + JsonTypes.describe(glob));
                    }
                    globs.add(glob.textValue());
                }
                return TagMatcher.anyOf(tag, globs);
            }
        } catch (InvalidPointException e) {
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
        throw new InvalidParamsException("tags." + tag, "tag '" + tag + "' must have a string value (\"web-1\", \"web-*\", "
                + "\"!canary\", \"*\") or a list of them; got " + JsonTypes.describe(matcher));
    }

    /** The group tags, or {@code null} when {@code by} is absent (an answer without groups). */
    private static List<String> by(JsonNode by, SeriesSelector selector) {
        if (JsonTypes.isAbsent(by)) {
            return null;
        }
        if (!by.isArray()) {
            throw new InvalidParamsException("by", "by must be a list of tag names; got " + JsonTypes.describe(by));
        }
        if (by.size() > Series.MAX_TAGS) {
            throw new InvalidParamsException("by", "by may name at most " + Series.MAX_TAGS + " tags; got " + by.size());
        }
        List<String> tags = new ArrayList<>(by.size());
        for (JsonNode tag : by) {
            if (!tag.isTextual()) {
                throw new InvalidParamsException("by", "by must be a list of tag names; got " + JsonTypes.describe(tag) + " in it");
            }
            String name = tag.textValue();
            try {
                Series.of("k", Map.of(name, "v"));
            } catch (InvalidPointException e) {
                throw new InvalidParamsException("by", "by: " + e.getMessage());
            }
            if (tags.contains(name)) {
                throw new InvalidParamsException("by", "by names tag '" + name + "' twice");
            }
            for (TagMatcher matcher : selector.matchers()) {
                if (matcher.tag().equals(name) && matcher.negated()) {
                    throw new InvalidParamsException("by", "cannot group by tag '" + name + "': tags." + name + " negates it ("
                            + matcher + "), which also selects series without the tag, and those belong to no group");
                }
            }
            tags.add(name);
        }
        return tags;
    }

    /** The group's tags in the order of {@code by}. */
    private static Map<String, String> ordered(List<String> by, Map<String, String> groupTags) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String tag : by) {
            String tagValue = groupTags.get(tag);
            if (tagValue != null) {
                ordered.put(tag, tagValue);
            }
        }
        return ordered;
    }

    /** By the values of the group tags, in the order of {@code by}. */
    private static int compareGroups(List<String> by, Map<String, String> a, Map<String, String> b) {
        for (String tag : by) {
            int order = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.get(tag), b.get(tag));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** By tag name and then value, tag by tag; fewer tags first when one holds the other's first ones. */
    private static int compareTags(Map<String, String> a, Map<String, String> b) {
        Iterator<Map.Entry<String, String>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, String> l = left.next();
            Map.Entry<String, String> r = right.next();
            int order = l.getKey().compareTo(r.getKey());
            if (order == 0) {
                order = l.getValue().compareTo(r.getValue());
            }
            if (order != 0) {
                return order;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }

    private static Double shown(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value.getAsDouble() : null;
    }

    private static Aggregate aggregate(JsonNode aggregate) {
        if (JsonTypes.isAbsent(aggregate) || !aggregate.isTextual()) {
            throw new InvalidParamsException("aggregate", "aggregate must be one of " + Aggregate.wireNames() + "; got "
                    + JsonTypes.describe(aggregate));
        }
        try {
            return Aggregate.fromWireName(aggregate.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidParamsException("aggregate", e.getMessage());
        }
    }

    private static Duration window(JsonNode window) {
        return duration(window, "window");
    }

    private static Duration duration(JsonNode node, String field) {
        if (JsonTypes.isAbsent(node)) {
            throw new InvalidParamsException(field, field + " is required, such as \"30s\", \"5m\" or \"1h\"");
        }
        Object raw = node.isTextual() ? node.textValue() : node.isIntegralNumber() ? (Object) node.longValue() : null;
        Duration duration = PluginConfig.parseDuration(raw).orElseThrow(() -> new InvalidParamsException(field,
                field + " must be a duration such as \"30s\", \"5m\" or \"1h\"; got " + JsonTypes.describe(node)));
        if (duration.isZero()) {
            throw new InvalidParamsException(field, field + " must be longer than 0");
        }
        return duration;
    }

    /** RFC 3339 text ({@code 2026-12-08T10:00:00Z}, an offset allowed) or unix seconds (a fraction allowed). */
    private static Instant instant(JsonNode node, String field) {
        if (JsonTypes.isAbsent(node)) {
            throw new InvalidParamsException(field, field + " is required: RFC 3339 time such as \"2026-12-08T10:00:00Z\" or unix seconds");
        }
        try {
            if (node.isNumber()) {
                return instantOfSeconds(node.decimalValue());
            }
            if (node.isTextual()) {
                String text = node.textValue().trim();
                if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                    return instantOfSeconds(new java.math.BigDecimal(text));
                }
                return java.time.OffsetDateTime.parse(text).toInstant();
            }
        } catch (java.time.format.DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new InvalidParamsException(field, field + " must be RFC 3339 time such as \"2026-12-08T10:00:00Z\" or unix"
                + " seconds; got " + JsonTypes.describe(node));
    }

    private static Instant instantOfSeconds(java.math.BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
    }

    private static void requireObject(JsonNode params, String shape) {
        if (JsonTypes.isAbsent(params) || !params.isObject()) {
            throw new InvalidParamsException("params", "params must be " + shape + " (or an array holding that one object); got "
                    + JsonTypes.describe(params));
        }
    }

    private static void rejectUnknownFields(JsonNode params, Collection<String> known) {
        for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidParamsException(JsonTypes.shorten(name), "unknown field '" + JsonTypes.shorten(name) + "'" + JsonTypes.spellingHint(name, known)
                        + "; expected " + String.join(", ", known));
            }
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
