package dev.hawkeye.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.protocol.HawkeyeRpc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /healthz} and the JSON API under {@code /api/v1}: each endpoint turns its query string or
 * body into the params of a protocol method ({@link HawkeyeRpc}), so that HTTP and the socket
 * validate, answer and limit alike.
 */
final class ApiEndpoints {
    static final List<String> QUERY_PARAMETERS = List.of("metric", "aggregate", "window", "tag", "by");
    static final List<String> RANGE_PARAMETERS = List.of("metric", "aggregate", "from", "to", "step", "window", "tag", "by");
    static final String MONITORS_PREFIX = "/api/v1/monitors/";
    static final String HISTORY_SUFFIX = "/history";
    private static final ObjectMapper BODIES = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final HawkeyeRpc methods;
    private final boolean receivesPoints;
    private final QueryService queries;

    /**
     * @param receivesPoints whether this daemon records points (a server), else {@code POST
     *                       /api/v1/points} answers 404
     */
    ApiEndpoints(HawkeyeRpc methods, boolean receivesPoints, QueryService queries) {
        this.methods = methods;
        this.receivesPoints = receivesPoints;
        this.queries = queries;
    }

    /** 200 {@code ok} while the store answers; 503 with the reason while it does not. */
    Response health(Request request) {
        request.rejectUnknownParameters(List.of());
        StoreHealth health = queries.status().store();
        if (health.available()) {
            return Response.text(200, "ok\n");
        }
        return Response.text(503, "store unavailable since " + health.unavailableSince() + ": " + health.reason() + "\n");
    }

    /** The document {@code hawkeye status --json} prints. */
    Response status(Request request) {
        request.rejectUnknownParameters(List.of());
        HawkeyeRpc.StatusResult result = methods.status();
        List<Map<String, Object>> monitors = result.monitors().stream().map(monitor -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", monitor.name());
            node.put("state", monitor.state());
            node.put("level", monitor.level());
            node.put("value", monitor.value());
            node.put("condition", monitor.condition());
            node.put("since", monitor.since());
            node.put("last_notified", monitor.lastNotified());
            return node;
        }).toList();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("available", result.store().available());
        store.put("since", result.store().since());
        store.put("reason", result.store().reason());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("monitors", monitors);
        document.put("counters", result.counters());
        document.put("store", store);
        return Response.json(200, document);
    }

    /**
     * What each monitor watches and judges: {@code [{"name", "queries": [{"name", "metric",
     * "tags", "aggregate"}], "value", "window" (seconds), "group_by", "thresholds": [{"level",
     * "comparison", "threshold"}]}]}, in config order.
     */
    Response monitors(Request request) {
        request.rejectUnknownParameters(List.of());
        List<Map<String, Object>> monitors = queries.monitors().stream().map(monitor -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", monitor.name());
            node.put("queries", monitor.queries().stream().map(query -> {
                Map<String, Object> read = new LinkedHashMap<>();
                read.put("name", query.name());
                read.put("metric", query.metric());
                read.put("tags", query.tags());
                read.put("aggregate", query.aggregate());
                return read;
            }).toList());
            node.put("value", monitor.value());
            node.put("window", monitor.window().toSeconds());
            node.put("group_by", monitor.groupBy());
            node.put("thresholds", monitor.thresholds().stream().map(threshold -> {
                Map<String, Object> trigger = new LinkedHashMap<>();
                trigger.put("level", threshold.level());
                trigger.put("comparison", threshold.comparison());
                trigger.put("threshold", threshold.threshold());
                return trigger;
            }).toList());
            return node;
        }).toList();
        return Response.json(200, Map.of("monitors", monitors));
    }

    /**
     * {@code /api/v1/monitors/NAME/history}: the monitor's (or instance's, {@code NAME{tag=value}}
     * URL-encoded) state changes and notifications, newest first, as the store keeps them for every
     * agent: {@code {"monitor", "events": [{"at", "kind", "state", "level", "value", "detail"}]}}.
     */
    Response history(Request request) {
        request.rejectUnknownParameters(List.of());
        String raw = request.path().substring(MONITORS_PREFIX.length(), request.path().length() - HISTORY_SUFFIX.length());
        String name;
        try {
            name = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "the monitor's name holds a malformed %-escape: '" + raw + "'");
        }
        int brace = name.indexOf('{');
        String base = brace < 0 ? name : name.substring(0, brace);
        List<String> known = queries.monitors().stream().map(monitor -> monitor.name()).toList();
        if (!known.contains(base)) {
            throw new HttpError(404, "no monitor '" + base + "'" + dev.hawkeye.api.config.Spelling.hint(base, known)
                    + (known.isEmpty() ? "; this hawkeye runs no monitors" : "; monitors: " + String.join(", ", known)));
        }
        List<Map<String, Object>> events = queries.history(name).stream().map(event -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("at", event.at().toString());
            node.put("kind", event.kind().name());
            node.put("state", event.state());
            node.put("level", event.level());
            node.put("value", Double.isFinite(event.value()) ? event.value() : null);
            node.put("detail", event.detail());
            return node;
        }).toList();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("monitor", name);
        document.put("events", events);
        return Response.json(200, document);
    }

    /** {@code ?metric=K&aggregate=A&window=W[&tag=k:v]...[&by=T]...}: what the protocol's {@code query} answers. */
    Response query(Request request) {
        request.rejectUnknownParameters(QUERY_PARAMETERS);
        ObjectNode params = selection(request);
        params.put("aggregate", request.requireParameter("aggregate", "count"));
        params.put("window", request.requireParameter("window", "5m"));
        return Response.json(200, methods.query(params));
    }

    /** {@code ?metric=K&aggregate=A&from=T&to=T&step=S[&tag=k:v]...[&by=T]...}: the protocol's {@code queryRange}. */
    Response queryRange(Request request) {
        request.rejectUnknownParameters(RANGE_PARAMETERS);
        ObjectNode params = selection(request);
        params.put("aggregate", request.requireParameter("aggregate", "count"));
        params.put("from", request.requireParameter("from", "2026-12-08T10:00:00Z"));
        params.put("to", request.requireParameter("to", "2026-12-08T11:00:00Z"));
        params.put("step", request.requireParameter("step", "1m"));
        request.parameter("window").ifPresent(window -> params.put("window", window));
        return Response.json(200, methods.queryRange(params));
    }

    /** A {@code recordBatch} body, {@code {"series"?: [...], "points": [...]}}: the same answer. */
    Response points(Request request, byte[] body) {
        request.rejectUnknownParameters(List.of());
        if (!receivesPoints) {
            throw new HttpError(404, "this hawkeye runs the agent alone and records no points; send them to a hawkeye"
                    + " server (hawkeye server or hawkeye run)");
        }
        com.fasterxml.jackson.databind.JsonNode params;
        try {
            params = BODIES.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new HttpError(400, "cannot read the body: " + e.getMessage());
        }
        if (params == null || params.isMissingNode()) {
            throw new HttpError(400, "the body is empty; send {\"points\": [{\"key\": \"...\", \"value\": 1}, ...]}");
        }
        return Response.json(200, methods.recordBatch(params));
    }

    /** {@code metric}, each {@code tag=k:v} (several of one tag: any of them) and each {@code by}. */
    private static ObjectNode selection(Request request) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("key", request.requireParameter("metric", "http.requests"));
        Map<String, List<String>> matchers = new LinkedHashMap<>();
        for (String tag : request.parameters("tag")) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                throw new HttpError(400, "tag must be name:matcher, such as tag=service:checkout, tag=host:web-* or"
                        + " tag=stage:!canary; got '" + tag + "'");
            }
            matchers.computeIfAbsent(tag.substring(0, colon), name -> new java.util.ArrayList<>()).add(tag.substring(colon + 1));
        }
        if (!matchers.isEmpty()) {
            ObjectNode tags = params.putObject("tags");
            matchers.forEach((name, values) -> {
                if (values.size() == 1) {
                    tags.put(name, values.get(0));
                } else {
                    ArrayNode any = tags.putArray(name);
                    values.forEach(any::add);
                }
            });
        }
        List<String> by = request.parameters("by");
        if (!by.isEmpty()) {
            ArrayNode groups = params.putArray("by");
            by.forEach(groups::add);
        }
        return params;
    }
}
