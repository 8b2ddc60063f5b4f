package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Secrets;
import dev.hawkeye.api.metric.TagMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prints a {@link HawkeyeConfig} as the version 2 file that means the same ({@code hawkeye check
 * --print}): every setting written out (no {@code defaults:}), triggers least severe first,
 * notifiers sorted by name. Loading the output again gives an equal model, except for secrets.
 *
 * <p>Secrets are never printed: the value of a key whose name contains {@code password},
 * {@code secret}, {@code token}, {@code webhook}, {@code api_key}, {@code apikey} or
 * {@code credential}, at any depth of a plugin section or route, is printed as {@value #MASK}, and so
 * is the password of any URL ({@code redis://user:***@host}, read as the stores read it: see
 * {@link Secrets#redactUrl}). Values are printed after
 * {@code ${VAR}} expansion, since the model no longer knows what was a variable. Stateless and
 * thread-safe.
 */
public final class ConfigPrinter {
    /** What a secret is printed as. */
    public static final String MASK = Secrets.MASK;

    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "webhook", "api_key", "apikey", "credential");

    /** The version 2 YAML of {@code config}, starting with a comment that names its source. */
    public String print(HawkeyeConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 2);
        root.put("store", section(config.store()));
        List<Object> transports = new ArrayList<>();
        config.transports().forEach(transport -> transports.add(section(transport)));
        root.put("transport", transports.size() == 1 ? transports.get(0) : transports);
        if (config.http() == null) {
            root.put("http", "off");
        } else {
            Map<String, Object> http = section(config.http());
            http.remove("type"); // http: takes none: it is always the http plugin
            root.put("http", http);
        }
        root.put("ingest", ingest(config.ingest()));
        Map<String, Object> notifiers = new LinkedHashMap<>();
        new TreeMap<>(config.notifiers()).forEach((name, section) -> notifiers.put(name, section(section)));
        root.put("notifiers", notifiers);
        List<Object> monitors = new ArrayList<>();
        config.monitors().forEach(monitor -> monitors.add(monitor(monitor)));
        root.put("monitors", monitors);
        return "# " + config.source() + " as version 2 (secrets shown as " + MASK + ")\n" + yaml().dump(root);
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(options);
    }

    private static Map<String, Object> ingest(IngestSettings ingest) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resolution", duration(ingest.resolution()));
        out.put("flush_every", duration(ingest.flushInterval()));
        out.put("max_pending_batches", ingest.maxPendingBatches());
        out.put("max_pending_buckets", ingest.maxPendingBuckets());
        out.put("max_series", ingest.maxSeries());
        out.put("max_point_age", duration(ingest.maxPointAge()));
        return out;
    }

    private static Map<String, Object> query(MonitorQuery query) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", query.selector().key());
        if (!query.selector().matchers().isEmpty()) {
            Map<String, Object> tags = new TreeMap<>();
            for (TagMatcher matcher : query.selector().matchers()) {
                tags.put(matcher.tag(), matcher.globs().size() > 1 ? matcher.globs() : (matcher.negated() ? "!" : "") + matcher.globs().get(0));
            }
            out.put("tags", tags);
        }
        out.put("aggregate", query.aggregate().wireName());
        return out;
    }

    private static Map<String, Object> monitor(MonitorSpec monitor) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", monitor.name());
        if (monitor.queries().size() == 1 && monitor.value().equals(Formula.of(monitor.queries().get(0).name()))) {
            out.putAll(query(monitor.queries().get(0)));
        } else {
            Map<String, Object> queries = new LinkedHashMap<>();
            monitor.queries().forEach(query -> queries.put(query.name(), query(query)));
            out.put("queries", queries);
            out.put("value", monitor.value().text());
        }
        if (monitor.isGrouped()) {
            out.put("group_by", monitor.groupBy());
            out.put("max_groups", monitor.maxGroups());
            out.put("forget_after", duration(monitor.forgetAfter()));
        }
        out.put("window", duration(monitor.window()));
        out.put("evaluate_every", duration(monitor.evaluateEvery()));
        out.put("for", duration(monitor.holdFor()));
        out.put("repeat_every", monitor.repeatEvery().isZero() ? Version2Translator.NEVER : duration(monitor.repeatEvery()));
        out.put("no_data", monitor.noData().wireName());
        List<Object> triggers = new ArrayList<>();
        for (TriggerSpec trigger : monitor.triggers()) {
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("level", trigger.level());
            written.put("when", trigger.condition().toString());
            List<Object> routes = new ArrayList<>();
            for (NotifyRoute route : trigger.routes()) {
                Map<String, Object> routeOut = new LinkedHashMap<>();
                routeOut.put("via", route.via());
                routeOut.putAll(section(route.settings()));
                routes.add(routeOut);
            }
            written.put("notify", routes);
            triggers.add(written);
        }
        out.put("triggers", triggers);
        return out;
    }

    private static String duration(Duration duration) {
        return PluginConfig.formatDuration(duration);
    }

    private static Map<String, Object> section(PluginConfig section) {
        return masked(section.asMap());
    }

    private static Map<String, Object> masked(Map<?, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((key, value) -> out.put(String.valueOf(key), isSecretKey(String.valueOf(key)) && value != null ? MASK : masked(value)));
        return out;
    }

    private static Object masked(Object value) {
        if (value instanceof Map<?, ?> map) {
            return masked(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(masked(item)));
            return out;
        }
        // Only text with a scheme is taken for a URL: an address like alice@example.com is no secret.
        if (value instanceof String text && text.contains("://")) {
            return Secrets.redactUrl(text);
        }
        return value;
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
