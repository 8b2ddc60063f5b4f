package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertStateCodecTest {

    @Test
    void writesAFiringStateAsOneReadableLine() {
        AlertState state = new AlertState("api errors", AlertStatus.FIRING, "critical", 97.5,
                Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T10:00:05.123Z"), 3, 1);

        assertThat(AlertStateCodec.encode(state))
                .isEqualTo("1|FIRING|97.5|2025-01-01T10:00:00Z|2025-01-01T10:00:05.123Z|3|1|=critical");
    }

    @Test
    void roundTripsAFiringState() {
        AlertState state = new AlertState("api errors", AlertStatus.FIRING, "critical", 97.5,
                Instant.parse("2025-01-01T10:00:00.000000001Z"), Instant.parse("2025-01-01T10:00:05Z"), 3, 1);

        assertThat(AlertStateCodec.decode("api errors", AlertStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void roundTripsAnInitialStateWithNoLevelNoValueAndNoNotification() {
        AlertState state = AlertState.initial("disk", Instant.parse("2025-01-01T10:00:00Z"));

        assertThat(AlertStateCodec.decode("disk", AlertStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void keepsALevelHoldingTheSeparatorAndAnEmptyLevelApartFromNone() {
        AlertState odd = new AlertState("m", AlertStatus.PENDING, "p1|=warn", -1.0E-9,
                Instant.EPOCH, null, 0, 0);
        AlertState empty = new AlertState("m", AlertStatus.PENDING, "", 1, Instant.EPOCH, null, 0, 0);

        assertThat(AlertStateCodec.decode("m", AlertStateCodec.encode(odd))).isEqualTo(odd);
        assertThat(AlertStateCodec.decode("m", AlertStateCodec.encode(empty)).level()).isEmpty();
    }

    @Test
    void refusesTextInAnotherFormatSayingWhatIsWrong() {
        assertThatThrownBy(() -> AlertStateCodec.decode("m", "{\"status\":\"OK\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1");
        assertThatThrownBy(() -> AlertStateCodec.decode("m", "1|BURNING|1.0|2025-01-01T10:00:00Z||0|0|"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BURNING");
        assertThatThrownBy(() -> AlertStateCodec.decode("m", "1|OK|1.0|yesterday||0|0|"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yesterday");
    }
}
