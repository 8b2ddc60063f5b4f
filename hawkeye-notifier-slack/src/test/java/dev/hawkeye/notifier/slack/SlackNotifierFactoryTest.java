package dev.hawkeye.notifier.slack;

import static dev.hawkeye.notifier.slack.SlackNotifierTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SlackNotifierFactoryTest {
    private final SlackNotifierFactory factory = new SlackNotifierFactory();

    @Test
    void isFoundByServiceLoaderAsTypeSlack() {
        assertThat(ServiceLoader.load(NotifierFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals("slack")).findFirst())
                .get().isInstanceOf(SlackNotifierFactory.class);
    }

    @Test
    void acceptsAWebhookOrATokenWithItsDefaults() {
        SlackSettings webhook = SlackSettings.from(section(Map.of("webhook_url", "https://hooks.slack.com/services/T/B/X")));
        SlackSettings token = SlackSettings.from(section(Map.of("token", "xoxb-1", "channel", "#alerts")));

        assertThat(webhook.mode()).isEqualTo("webhook");
        assertThat(webhook.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(token.mode()).isEqualTo("chat.postMessage");
        assertThat(token.apiUrl()).isEqualTo("https://slack.com/api/");
        try (Notifier notifier = factory.create(section(Map.of("token", "xoxb-1")))) {
            assertThat(notifier).hasToString("slack via chat.postMessage");
        }
    }

    @Test
    void refusesASectionWithNeitherWebhookUrlNorToken() {
        assertThatThrownBy(() -> factory.create(section(Map.of("channel", "#alerts"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("monitors.yaml:5:3: notifiers.ops.webhook_url: is required: set webhook_url");
    }

    @Test
    void refusesAnEmptyWebhookUrlAsMissing() {
        // What an unset ${SLACK_WEBHOOK_URL} expands to.
        assertThatThrownBy(() -> factory.create(section(Map.of("webhook_url", ""))))
                .hasMessageContaining("notifiers.ops.webhook_url: is required");
    }

    @Test
    void refusesBothWebhookUrlAndToken() {
        assertThatThrownBy(() -> factory.create(section(Map.of("webhook_url", "https://hooks.slack.com/services/T/B/X",
                "token", "xoxb-1"))))
                .hasMessageContaining("notifiers.ops.token: choose either webhook_url or token");
    }

    @Test
    void refusesAChannelWithAWebhook() {
        assertThatThrownBy(() -> factory.create(section(Map.of("webhook_url", "https://hooks.slack.com/services/T/B/X",
                "channel", "#alerts"))))
                .hasMessageContaining("notifiers.ops.channel: an incoming webhook always posts to the channel it was created for");
    }

    @Test
    void refusesAWebhookUrlThatIsNotHttpWithoutShowingIt() {
        assertThatThrownBy(() -> factory.create(section(Map.of("webhook_url", "hooks.slack.com/services/T/B/SECRET"))))
                .hasMessageContaining("notifiers.ops.webhook_url: expected an http(s) URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void refusesAnUnknownKeyAndABadTemplate() {
        assertThatThrownBy(() -> factory.create(section(Map.of("token", "xoxb-1", "chanel", "#alerts"))))
                .hasMessageContaining("notifiers.ops.chanel: unknown key 'chanel' (did you mean 'channel'?)");
        assertThatThrownBy(() -> factory.create(section(Map.of("token", "xoxb-1", "body", "{{valeu}}"))))
                .hasMessageContaining("notifiers.ops.body: unknown placeholder {{valeu}} (did you mean {{value}}?)");
    }

    @Test
    void neverShowsTheTokenOrTheWebhookUrl() {
        assertThat(SlackSettings.from(section(Map.of("token", "xoxb-secret-1"))).toString()).doesNotContain("xoxb-secret-1");
        assertThat(SlackSettings.from(section(Map.of("webhook_url", "https://hooks.slack.com/services/T/B/SECRET"))).toString())
                .doesNotContain("SECRET");
    }
}
