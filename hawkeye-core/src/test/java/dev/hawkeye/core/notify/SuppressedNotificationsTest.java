package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressedNotificationsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private final SuppressedNotifications suppressed = new SuppressedNotifications("mail", "3 per 1m", Duration.ofMinutes(1));

    @Test
    void listsAtMostTwentyMonitorsAndCountsTheRest() {
        for (int i = 1; i <= 25; i++) {
            assertThat(suppressed.add(notification("m" + i, route("oncall@example.com")), T0)).isTrue();
        }

        List<Notification> summaries = suppressed.drain(T0.plusSeconds(60));

        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).monitor()).isEqualTo("20+ monitors");
        assertThat(summaries.get(0).value()).isEqualTo(25);
        assertThat(summaries.get(0).condition()).startsWith("25 more notifications suppressed (limit 3 per 1m): m1 FIRING")
                .endsWith("m20 FIRING critical 7 (1x), 5 more of other monitors");
        assertThat(summaries.get(0).since()).isEqualTo(T0);
        assertThat(suppressed.isEmpty()).isTrue();
    }

    @Test
    void refusesARouteBeyondItsBound() {
        for (int i = 0; i < SuppressedNotifications.MAX_ROUTES; i++) {
            assertThat(suppressed.add(notification("m", route("r" + i + "@example.com")), T0)).isTrue();
        }

        assertThat(suppressed.add(notification("m", route("one-too-many@example.com")), T0)).isFalse();
        assertThat(suppressed.add(notification("m", route("r0@example.com")), T0)).as("a known route still counts").isTrue();
        assertThat(suppressed.count()).isEqualTo(SuppressedNotifications.MAX_ROUTES + 1);
    }

    @Test
    void summaryIdsDifferFromEachOther() {
        suppressed.add(notification("m", route("a@example.com")), T0);
        String first = suppressed.drain(T0).get(0).id();
        suppressed.add(notification("m", route("a@example.com")), T0);

        assertThat(suppressed.drain(T0).get(0).id()).isNotEqualTo(first);
    }

    private static PluginConfig route(String to) {
        return PluginConfig.of("monitors[0].triggers[0].notify[0]", Map.of("via", "mail", "to", List.of(to)), key -> "");
    }

    private static Notification notification(String monitor, PluginConfig route) {
        return new Notification(monitor + "/1/1/mail", Notification.Kind.FIRING, Notification.Reason.STARTED, monitor, "critical",
                7, "count(x) > 1 over 1m", Duration.ofMinutes(1), T0, T0, route);
    }
}
