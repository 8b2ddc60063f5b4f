package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an agent writes to the outbox, another agent (of this build or the one before) reads back the same. */
class NotificationCodecTest {
    private static final Instant SINCE = Instant.ofEpochMilli(1_765_000_000_000L);

    @Test
    void aNotificationReadBackIsTheOneWritten() {
        Notification written = notification(50.5, Map.of("to", List.of("ops@example.com"), "subject", "x: y, {z} \"q\" ü\n"));

        OutboxEntry entry = NotificationCodec.entry("email", written);

        assertThat(entry.payload()).startsWith("{\"format\":2,");
        assertThat(entry.via()).isEqualTo("email");
        Notification read = NotificationCodec.decode(entry);
        assertThat(read).usingRecursiveComparison().ignoringFields("route").isEqualTo(written);
        assertThat(read.route().path()).isEqualTo(written.route().path());
        assertThat(read.route().asMap()).isEqualTo(written.route().asMap());
    }

    @Test
    void aValueJsonCannotHoldSurvives() {
        Notification written = notification(Double.NaN, Map.of());

        assertThat(NotificationCodec.decode(NotificationCodec.entry("email", written)).value()).isNaN();
    }

    @Test
    void whatTheBuildBeforeWroteIsStillRead() {
        String formatOne = "{format: 1, id: hot/1/1/out, kind: FIRING, reason: STARTED, monitor: hot, level: critical, "
                + "value: '50.5', condition: max(room.temperature) > 10 over 1m, window_ms: 60000, since_ms: 1765000000000, "
                + "at_ms: 1765000030000, route_path: 'monitors[0].triggers[0].notify[0]', route: {to: [ops@example.com], "
                + "subject: 'x: y, {z}'}}";

        Notification read = NotificationCodec.decode(new OutboxEntry("hot/1/1/out", "hot", "email", formatOne));

        assertThat(read).usingRecursiveComparison().ignoringFields("route")
                .isEqualTo(notification(50.5, Map.of()));
        assertThat(read.route().asMap()).isEqualTo(Map.of("to", List.of("ops@example.com"), "subject", "x: y, {z}"));
    }

    @Test
    void anEntryOfAnotherFormatOrNoneIsRefusedByItsId() {
        assertThatThrownBy(() -> NotificationCodec.decode(new OutboxEntry("a/1", "a", "email", "{\"format\":3}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox entry a/1 is unreadable")
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> NotificationCodec.decode(new OutboxEntry("a/2", "a", "email", "{\"format\":2,")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox entry a/2 is unreadable");
        assertThatThrownBy(() -> NotificationCodec.decode(new OutboxEntry("a/3", "a", "email", "{format: 1, kind: FIRING}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox entry a/3 is unreadable");
    }

    private static Notification notification(double value, Map<String, Object> route) {
        return new Notification("hot/1/1/out", Notification.Kind.FIRING, Notification.Reason.STARTED, "hot", "critical", value,
                "max(room.temperature) > 10 over 1m", Duration.ofMinutes(1), SINCE, SINCE.plusSeconds(30),
                PluginConfig.of("monitors[0].triggers[0].notify[0]", route, k -> ""));
    }
}
