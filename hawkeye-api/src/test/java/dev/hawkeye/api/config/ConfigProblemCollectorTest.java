package dev.hawkeye.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a plugin's section setting by setting, and reporting every bad one at once. */
class ConfigProblemCollectorTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final PluginConfig section = PluginConfig.of("store",
            Map.of("retention", "2d", "timeout", "5s", "detail", "soon"), key -> "monitors.yaml:3:" + key.length());

    @Test
    void aBoundedDurationInsideItsBoundsOrMissingIsRead() {
        assertThat(section.duration("timeout", MINUTE, Duration.ofMillis(1), MINUTE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(section.duration("window", Duration.ofSeconds(30), Duration.ZERO, MINUTE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBoundedDurationOutsideItsBoundsNamesTheBoundsAndTheValue() {
        assertThatThrownBy(() -> section.duration("retention", MINUTE, MINUTE, DAY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.retention")
                .hasMessageContaining("expected a duration from 1m to 1d, got 2d");
    }

    @Test
    void everyProblemReadIsReportedTogetherAndTheGoodValuesAreStillRead() {
        ConfigProblemCollector problems = new ConfigProblemCollector();

        Duration retention = problems.read(() -> section.duration("retention", MINUTE, MINUTE, DAY));
        Duration timeout = problems.read(() -> section.duration("timeout", MINUTE, Duration.ofMillis(1), MINUTE));
        Duration detail = problems.read(() -> section.duration("detail", MINUTE));

        assertThat(retention).isNull();
        assertThat(timeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(detail).isNull();
        assertThatThrownBy(problems::throwIfAny)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("store.retention")
                .hasMessageContaining("store.detail");
    }

    @Test
    void nothingIsThrownWhenEverySettingWasGood() {
        ConfigProblemCollector problems = new ConfigProblemCollector();
        Duration timeout = problems.read(() -> section.duration("timeout", MINUTE));

        assertThat(timeout).isEqualTo(Duration.ofSeconds(5));
        assertThatCode(problems::throwIfAny).doesNotThrowAnyException();
    }
}
