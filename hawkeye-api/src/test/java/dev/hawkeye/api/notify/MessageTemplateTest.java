package dev.hawkeye.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
    private static final Notification FIRING = new Notification("checkout-errors/3/1/mail", Notification.Kind.FIRING,
            Notification.Reason.ESCALATED, "checkout-errors", "critical", 1204, "count(api.errors) >= 1000 over 5m",
            Duration.ofMinutes(5), Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-01T12:03:00Z"),
            PluginConfig.empty("monitors[0].triggers[1].notify[0]"));

    @Test
    void fillsEveryPlaceholderFromTheNotification() {
        MessageTemplate template = MessageTemplate.of("{{kind}}/{{reason}} {{monitor}} [{{level}}] {{value}}: {{condition}}"
                + " window={{window}} since={{since}} at={{at}} id={{id}}");

        assertThat(template.render(FIRING)).isEqualTo("FIRING/escalated checkout-errors [critical] 1204: "
                + "count(api.errors) >= 1000 over 5m window=5m since=2024-05-01T12:00:00Z at=2024-05-01T12:03:00Z"
                + " id=checkout-errors/3/1/mail");
    }

    @Test
    void allowsSpacesInsideTheBracesAndKeepsTheRestAsWritten() {
        assertThat(MessageTemplate.of("ALERT {{ monitor }} } { done").render(FIRING)).isEqualTo("ALERT checkout-errors } { done");
        assertThat(MessageTemplate.of("").render(FIRING)).isEmpty();
    }

    @Test
    void refusesAnUnknownPlaceholderSuggestingTheClosestOne() {
        assertThatThrownBy(() -> MessageTemplate.of("{{monitr}} is {{value}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown placeholder {{monitr}}")
                .hasMessageContaining("did you mean {{monitor}}?");
    }

    @Test
    void refusesAnUnclosedPlaceholder() {
        assertThatThrownBy(() -> MessageTemplate.of("value {{value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'{{' at character 7 is not closed");
    }

    @Test
    void parseReportsABadTemplateAtItsKeyInTheFile() {
        PluginConfig section = PluginConfig.of("notifiers.mail", Map.of("type", "email", "subject", "{{host}} down"),
                key -> "monitors.yaml:4:5");

        assertThatThrownBy(() -> MessageTemplate.parse(section, "subject"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("monitors.yaml:4:5: notifiers.mail.subject: unknown placeholder {{host}}");
    }

    @Test
    void parseGivesNothingWhenTheKeyIsNotSet() {
        assertThat(MessageTemplate.parse(PluginConfig.empty("notifiers.mail"), "subject")).isEmpty();
    }
}
