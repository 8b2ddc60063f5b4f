package dev.hawkeye.notifier.email;

import static dev.hawkeye.notifier.email.TestNotifications.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.notify.NotifierFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EmailNotifierFactoryTest {
    private final EmailNotifierFactory factory = new EmailNotifierFactory();

    @Test
    void isFoundByServiceLoaderAsTypeEmail() {
        assertThat(ServiceLoader.load(NotifierFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals("email")).findFirst())
                .get().isInstanceOf(EmailNotifierFactory.class);
    }

    @Test
    void acceptsTheSectionTheVersion1ConfigMakes() {
        // What the v1 translation builds from SMTP_* variables: port as an Integer, starttls on.
        Map<String, Object> v1Section = Map.of("host", "smtp.example.com", "port", 2525, "username", "alerts", "password", "pw",
                "from", "hawkeye@example.com", "starttls", true);
        EmailSettings settings = EmailSettings.from(section(v1Section));

        assertThat(settings.server()).isEqualTo("smtp.example.com:2525");
        assertThat(settings.starttls()).isTrue();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(factory.create(section(v1Section))).as("a notifier that sends through the section's server")
                .isInstanceOf(EmailNotifier.class).hasToString("email via smtp.example.com:2525");
    }

    @Test
    void defaultsToPort587AndTo465WithSsl() {
        assertThat(EmailSettings.from(section(Map.of("host", "h", "from", "a@example.com"))).port()).isEqualTo(587);
        assertThat(EmailSettings.from(section(Map.of("host", "h", "from", "a@example.com", "ssl", true))).port()).isEqualTo(465);
    }

    @Test
    void refusesASectionWithoutFrom() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "smtp.example.com"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:3: notifiers.mail.from: is required");
    }

    @Test
    void refusesASectionWithoutHost() {
        assertThatThrownBy(() -> factory.create(section(Map.of("from", "hawkeye@example.com"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("monitors.yaml:3:3: notifiers.mail.host: is required");
    }

    @Test
    void refusesAnUnknownKeySuggestingTheKnownOne() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "stattls", true))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifiers.mail.stattls: unknown key 'stattls' (did you mean 'starttls'?)");
    }

    @Test
    void refusesABadFromAddressAPortOutOfRangeAndABadTimeout() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "hawkeye at example"))))
                .hasMessageContaining("notifiers.mail.from: 'hawkeye at example' is not an email address");
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "port", 70_000))))
                .hasMessageContaining("notifiers.mail.port: expected an integer from 1 to 65535, got 70000");
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "timeout", "soon"))))
                .hasMessageContaining("notifiers.mail.timeout: expected a duration");
    }

    @Test
    void refusesSslTogetherWithStarttls() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "ssl", true, "starttls", true))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifiers.mail.ssl: choose either ssl");
    }

    @Test
    void needsUsernameAndPasswordTogether() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "username", "u"))))
                .hasMessageContaining("notifiers.mail.password: is required when username is set");
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "password", "p"))))
                .hasMessageContaining("notifiers.mail.username: is required when password is set");
    }

    @Test
    void refusesATemplateWithAnUnknownPlaceholder() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "subject", "{{montor}} down"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifiers.mail.subject: unknown placeholder {{montor}} (did you mean {{monitor}}?)");
    }

    @Test
    void refusesABadDefaultRecipient() {
        assertThatThrownBy(() -> factory.create(section(Map.of("host", "h", "from", "a@example.com", "to", "oncall"))))
                .hasMessageContaining("notifiers.mail.to: 'oncall' is not an email address");
    }

    @Test
    void neverShowsThePassword() {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("host", "h", "from", "a@example.com", "username", "alerts",
                "password", "hunter2-secret"));
        EmailSettings settings = EmailSettings.from(section(values));

        assertThat(settings.toString()).contains("alerts").doesNotContain("hunter2-secret");
        assertThat(factory.create(section(values)).toString()).doesNotContain("hunter2-secret");
    }
}
