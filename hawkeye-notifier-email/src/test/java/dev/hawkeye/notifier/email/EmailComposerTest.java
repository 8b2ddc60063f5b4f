package dev.hawkeye.notifier.email;

import static dev.hawkeye.notifier.email.TestNotifications.AT;
import static dev.hawkeye.notifier.email.TestNotifications.SINCE;
import static dev.hawkeye.notifier.email.TestNotifications.firing;
import static dev.hawkeye.notifier.email.TestNotifications.resolved;
import static dev.hawkeye.notifier.email.TestNotifications.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.notify.MessageTemplate;
import dev.hawkeye.api.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailComposerTest {
    private final EmailComposer builtIn = new EmailComposer(Optional.empty(), Optional.empty());

    @Test
    void aFiringSubjectPutsTheValueIntoTheCondition() {
        assertThat(builtIn.compose(firing("m/1/1/mail", route(List.of("a@example.com"), List.of()))).subject())
                .isEqualTo("[FIRING critical] checkout-errors: count(api.errors) 1204 >= 1000 over 5m");
    }

    @Test
    void aFiringThatIsNotAStartNamesItsReason() {
        Notification repeated = new Notification("m/1/2/mail", Notification.Kind.FIRING, Notification.Reason.REPEATED,
                "db-latency", "warning", 0.25, "p99(db.query.seconds) > 0.2 over 1m", Duration.ofMinutes(1), SINCE, AT,
                route(List.of("a@example.com"), List.of()));

        assertThat(builtIn.compose(repeated).subject()).isEqualTo("[FIRING warning, repeated] db-latency: p99(db.query.seconds) 0.2500 > 0.2 over 1m");
    }

    @Test
    void aResolvedSubjectSaysWhatNoLongerHolds() {
        assertThat(builtIn.compose(resolved("m/1/3/mail", route(List.of("a@example.com"), List.of()))).subject())
                .isEqualTo("[RESOLVED critical] checkout-errors: count(api.errors) 3, no longer >= 1000 over 5m");
    }

    @Test
    void aConditionWithoutAComparisonIsShownAsItIs() {
        Notification summary = new Notification("s/1", Notification.Kind.FIRING, Notification.Reason.REPEATED, "rate limit",
                "critical", 12, "12 notifications suppressed", Duration.ofMinutes(1), SINCE, AT, route(List.of("a@example.com"), List.of()));

        assertThat(builtIn.compose(summary).subject()).isEqualTo("[FIRING critical, repeated] rate limit: 12 notifications suppressed");
    }

    @Test
    void theHtmlBodyEscapesWhatItShows() {
        Notification tagged = new Notification("m/1/1/mail", Notification.Kind.FIRING, Notification.Reason.STARTED,
                "<script>", "critical", 5, "count(a{x=\"<b>\"}) > 1 over 1m", Duration.ofMinutes(1), SINCE, AT,
                route(List.of("a@example.com"), List.of()));

        String html = builtIn.compose(tagged).html();

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;").contains("count(a{x=&quot;&lt;b&gt;&quot;})");
    }

    @Test
    void aTemplatedSubjectIsKeptOnOneLine() {
        EmailComposer composer = new EmailComposer(Optional.of(MessageTemplate.of("{{monitor}}\r\nBcc: evil@example.com")),
                Optional.empty());

        assertThat(composer.compose(firing("m/1/1/mail", route(List.of("a@example.com"), List.of()))).subject())
                .isEqualTo("checkout-errors Bcc: evil@example.com");
    }

    @Test
    void durationsReadAsTheirTwoLargestUnits() {
        Instant start = Instant.parse("2024-05-01T00:00:00Z");

        assertThat(EmailComposer.humanDuration(start, start)).isEqualTo("0s");
        assertThat(EmailComposer.humanDuration(start, start.plusSeconds(45))).isEqualTo("45s");
        assertThat(EmailComposer.humanDuration(start, start.plusSeconds(3_905))).isEqualTo("1h 5m");
        assertThat(EmailComposer.humanDuration(start, start.plusSeconds(3_620))).isEqualTo("1h");
        assertThat(EmailComposer.humanDuration(start, start.plusSeconds(2 * 86_400 + 7_200))).isEqualTo("2d 2h");
    }
}
