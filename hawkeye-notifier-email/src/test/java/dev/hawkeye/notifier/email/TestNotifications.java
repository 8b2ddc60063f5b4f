package dev.hawkeye.notifier.email;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications and config sections as the agent makes them. */
final class TestNotifications {
    static final Instant SINCE = Instant.parse("2024-05-01T12:00:00Z");
    static final Instant AT = Instant.parse("2024-05-01T12:03:20Z");
    static final Instant RESOLVED_AT = Instant.parse("2024-05-01T13:05:00Z");
    static final String CONDITION = "count(api.errors) >= 1000 over 5m";

    private TestNotifications() {
    }

    static Notification firing(String id, PluginConfig route) {
        return new Notification(id, Notification.Kind.FIRING, Notification.Reason.STARTED, "checkout-errors", "critical",
                1204, CONDITION, Duration.ofMinutes(5), SINCE, AT, route);
    }

    static Notification resolved(String id, PluginConfig route) {
        return new Notification(id, Notification.Kind.RESOLVED, Notification.Reason.RESOLVED, "checkout-errors", "critical",
                3, CONDITION, Duration.ofMinutes(5), SINCE, RESOLVED_AT, route);
    }

    static PluginConfig route(List<String> to, List<String> cc) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("via", "mail");
        if (!to.isEmpty()) {
            values.put("to", to);
        }
        if (!cc.isEmpty()) {
            values.put("cc", cc);
        }
        return PluginConfig.of("monitors[0].triggers[1].notify[0]", values, key -> "monitors.yaml:14:11");
    }

    static PluginConfig section(Map<String, ?> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("type", "email");
        all.putAll(values);
        return PluginConfig.of("notifiers.mail", all, key -> "monitors.yaml:3:3");
    }
}
