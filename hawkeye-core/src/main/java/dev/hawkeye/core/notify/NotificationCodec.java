package dev.hawkeye.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A notification as the outbox keeps it, so that the agent that resends it after a crash (perhaps
 * another process, with another config) sends the same notification, with the route's settings it
 * had. Written as one JSON object (format 2); the one-line YAML of format 1, which an earlier
 * build wrote, is still read, so an upgrade sends what the old agent left. Thread-safe.
 */
public final class NotificationCodec {
    private static final int FORMAT = 2;
    private static final int YAML_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        // As text: JSON has no NaN or infinity.
        map.put("value", Double.toString(n.value()));
        map.put("condition", n.condition());
        map.put("window_ms", n.window().toMillis());
        map.put("since_ms", n.since().toEpochMilli());
        map.put("at_ms", n.at().toEpochMilli());
        map.put("route_path", n.route().path());
        map.put("route", n.route().asMap());
        if (!n.tags().isEmpty()) {
            map.put("tags", n.tags());
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("notification " + n.id() + " cannot be written to the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * The notification an outbox entry holds.
     *
     * @throws IllegalArgumentException when the payload is not one this codec wrote
     */
    public static Notification decode(OutboxEntry entry) {
        try {
            Map<?, ?> map = read(entry.payload());
            @SuppressWarnings("unchecked")
            Map<String, Object> route = (Map<String, Object>) map.get("route");
            String routePath = (String) map.get("route_path");
            @SuppressWarnings("unchecked")
            Map<String, String> tags = (Map<String, String>) map.get("tags");
            return new Notification((String) map.get("id"), Notification.Kind.valueOf((String) map.get("kind")),
                    Notification.Reason.valueOf((String) map.get("reason")), (String) map.get("monitor"),
                    (String) map.get("level"), Double.parseDouble((String) map.get("value")), (String) map.get("condition"),
                    Duration.ofMillis(number(map, "window_ms")), Instant.ofEpochMilli(number(map, "since_ms")),
                    Instant.ofEpochMilli(number(map, "at_ms")),
                    PluginConfig.of(routePath, route == null ? Map.of() : route, key -> "outbox " + entry.id()),
                    tags == null ? Map.of() : tags);
        } catch (RuntimeException | JsonProcessingException e) {
            throw new IllegalArgumentException("outbox entry " + entry.id() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> read(String payload) throws JsonProcessingException {
        boolean json = payload.startsWith("{\"");
        Object loaded = json ? JSON.readValue(payload, Map.class) : new Yaml(new SafeConstructor(new LoaderOptions())).load(payload);
        Integer expected = json ? FORMAT : YAML_FORMAT;
        if (!(loaded instanceof Map<?, ?> map) || !expected.equals(map.get("format"))) {
            throw new IllegalArgumentException("not a notification of format " + FORMAT + " (JSON) or " + YAML_FORMAT + " (YAML)");
        }
        return map;
    }

    private static long number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }
}
