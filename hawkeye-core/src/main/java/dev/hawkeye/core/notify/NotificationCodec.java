package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A notification as the outbox keeps it: one line of flow-style YAML, so that the agent that
 * resends it after a crash (perhaps another process, with another config) sends the same
 * notification, with the route's settings it had. Thread-safe.
 */
public final class NotificationCodec {
    private static final int FORMAT = 1;

    private NotificationCodec() {
    }

    /** The outbox entry of {@code notification}, to go through the notifier {@code via}. */
    public static OutboxEntry entry(String via, Notification notification) {
        return new OutboxEntry(notification.id(), notification.monitor(), via, encode(notification));
    }

    static String encode(Notification n) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("id", n.id());
        map.put("kind", n.kind().name());
        map.put("reason", n.reason().name());
        map.put("monitor", n.monitor());
        map.put("level", n.level());
        map.put("value", Double.toString(n.value()));
        map.put("condition", n.condition());
        map.put("window_ms", n.window().toMillis());
        map.put("since_ms", n.since().toEpochMilli());
        map.put("at_ms", n.at().toEpochMilli());
        map.put("route_path", n.route().path());
        map.put("route", n.route().asMap());
        return yaml().dump(map).strip();
    }

    /**
     * The notification an outbox entry holds.
     *
     * @throws IllegalArgumentException when the payload is not one this codec wrote
     */
    public static Notification decode(OutboxEntry entry) {
        try {
            Object loaded = yaml().load(entry.payload());
            if (!(loaded instanceof Map<?, ?> map) || !Integer.valueOf(FORMAT).equals(map.get("format"))) {
                throw new IllegalArgumentException("not a notification of format " + FORMAT);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> route = (Map<String, Object>) map.get("route");
            String routePath = (String) map.get("route_path");
            return new Notification((String) map.get("id"), Notification.Kind.valueOf((String) map.get("kind")),
                    Notification.Reason.valueOf((String) map.get("reason")), (String) map.get("monitor"),
                    (String) map.get("level"), Double.parseDouble((String) map.get("value")), (String) map.get("condition"),
                    Duration.ofMillis(number(map, "window_ms")), Instant.ofEpochMilli(number(map, "since_ms")),
                    Instant.ofEpochMilli(number(map, "at_ms")),
                    PluginConfig.of(routePath, route == null ? Map.of() : route, key -> "outbox " + entry.id()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("outbox entry " + entry.id() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static long number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        LoaderOptions loading = new LoaderOptions();
        return new Yaml(new SafeConstructor(loading), new Representer(options), options, loading);
    }

}
