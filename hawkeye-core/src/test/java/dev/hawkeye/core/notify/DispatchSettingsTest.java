package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {
    @Test
    void backoffDoublesUpToItsMaximum() {
        DispatchSettings settings = DispatchSettings.DEFAULTS;

        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoffAfter(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.backoffAfter(40)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterTakesUpToItsFractionOfTheBackoffAway() {
        DispatchSettings halfJitter = DispatchSettings.DEFAULTS;

        assertThat(halfJitter.backoffAfter(3, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(halfJitter.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(halfJitter.backoffAfter(3, 0.999_999)).isGreaterThan(Duration.ofSeconds(2)).isLessThan(Duration.ofMillis(2_001));
        assertThat(halfJitter.withJitter(0).backoffAfter(3, 0.9)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theFirstVersionsConstructorKeepsItsBehaviour() {
        DispatchSettings legacy = new DispatchSettings(10, 3, Duration.ofHours(1), Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofSeconds(1));

        assertThat(legacy.jitter()).isZero();
        assertThat(legacy.rateLimit()).isEqualTo(Integer.MAX_VALUE);
        assertThat(legacy.sendTimeout()).isEqualTo(DispatchSettings.DEFAULT_SEND_TIMEOUT);
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.withJitter(1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.withRateLimit(0, Duration.ofMinutes(1))).hasMessageContaining("rateLimit");
        assertThatThrownBy(() -> DispatchSettings.DEFAULTS.withSendTimeout(Duration.ZERO)).hasMessageContaining("sendTimeout");
    }
}
