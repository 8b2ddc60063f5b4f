package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.api.transport.StoreHealth;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The {@link HawkeyeRpc} methods over core's {@link MetricSink} and {@link QueryService}.
 * Thread-safe (its collaborators are).
 */
final class HawkeyeRpcHandler implements HawkeyeRpc {
    private static final List<String> BATCH_FIELDS = List.of("points");
    private static final List<String> QUERY_FIELDS = List.of("key", "tags", "aggregate", "window");

    private final MetricSink sink;
    private final QueryService queries;
    private final Clock clock;
    private final PointReader points;
    private final TransportCounters counters;

    HawkeyeRpcHandler(MetricSink sink, QueryService queries, Clock clock, TransportCounters counters) {
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
            counters.increment(TransportCounter.POINTS_INVALID);
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
        try {
            sink.record(point);
        } catch (InvalidPointException e) {
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
        return new RecordResult(1, List.of());
    }

    @Override
    public RecordResult recordBatch(JsonNode params) {
        requireObject(params, "{\"points\": [...]}");
        rejectUnknownFields(params, BATCH_FIELDS);
        JsonNode list = params.get("points");
        if (list == null || !list.isArray()) {
            throw new InvalidParamsException("points", "points must be an array of points; got " + JsonTypes.describe(list));
        }
        int accepted = 0;
        List<Rejection> rejected = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            Point point;
            try {
                point = points.read(list.get(index));
            } catch (InvalidPointException e) {
                counters.increment(TransportCounter.POINTS_INVALID);
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
                counters.drop(TransportCounter.REQUESTS_FAILED, Level.WARNING,
                        "recording point " + point.series() + " failed: " + e);
                rejected.add(new Rejection(index, "not recorded: " + e.getMessage(), null));
            }
        }
        return new RecordResult(accepted, rejected);
    }

    @Override
    public QueryResult query(JsonNode params) {
        requireObject(params, "{\"key\", \"tags\"?, \"aggregate\", \"window\"}");
        rejectUnknownFields(params, QUERY_FIELDS);
        Series series = series(params);
        Aggregate aggregate = aggregate(params.get("aggregate"));
        Duration window = window(params.get("window"));
        Instant to = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OptionalDouble value = queries.query(series, aggregate, window);
        Double shown = value.isPresent() && Double.isFinite(value.getAsDouble()) ? value.getAsDouble() : null;
        return new QueryResult(shown, aggregate.wireName(), to.minus(window).toString(), to.toString());
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

    private static Series series(JsonNode params) {
        JsonNode key = params.get("key");
        if (JsonTypes.isAbsent(key) || !key.isTextual()) {
            throw new InvalidParamsException("key", "key must be a string; got " + JsonTypes.describe(key));
        }
        JsonNode tags = params.get("tags");
        Map<String, String> tagMap = new TreeMap<>();
        if (!JsonTypes.isAbsent(tags)) {
            if (!tags.isObject()) {
                throw new InvalidParamsException("tags", "tags must be an object of names to string values; got " + JsonTypes.describe(tags));
            }
            for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                if (!tag.getValue().isTextual()) {
                    throw new InvalidParamsException("tags." + tag.getKey(), "tag '" + tag.getKey()
                            + "' must have a string value; got " + JsonTypes.describe(tag.getValue()));
                }
                tagMap.put(tag.getKey(), tag.getValue().textValue());
            }
        }
        try {
            return Series.of(key.textValue(), tagMap);
        } catch (InvalidPointException e) {
            throw new InvalidParamsException(e.field(), e.getMessage());
        }
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
        if (JsonTypes.isAbsent(window)) {
            throw new InvalidParamsException("window", "window is required, such as \"30s\", \"5m\" or \"1h\"");
        }
        Object raw = window.isTextual() ? window.textValue() : window.isIntegralNumber() ? (Object) window.longValue() : null;
        Duration duration = PluginConfig.parseDuration(raw).orElseThrow(() -> new InvalidParamsException("window",
                "window must be a duration such as \"30s\", \"5m\" or \"1h\"; got " + JsonTypes.describe(window)));
        if (duration.isZero()) {
            throw new InvalidParamsException("window", "window must be longer than 0");
        }
        return duration;
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
