package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A point older than {@code max_point_age} or more than 10 minutes in the future is rejected at the
 * aggregator, naming {@code timestamp}, and counted: it never vanishes between the client and the store.
 */
class PointsOutsideTheAcceptedTimeRangeAreRejectedTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ManualClock clock = new ManualClock(NOW);
    private final MemoryStore store = new MemoryStore(Duration.ofHours(24), clock);
    private final Counters counters = new Counters();
    private final Aggregator aggregator = new Aggregator(IngestSettings.DEFAULTS, store, counters, clock);

    @Test
    void aPointInSecondsInsteadOfMillisecondsIsRejectedNamingTheTimestamp() {
        // e.g. a Go program that sends seconds instead of milliseconds: 1970-01-20
        assertThatThrownBy(() -> aggregator.record(new Point(ERRORS, MetricType.COUNTER, 1, NOW.getEpochSecond())))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("timestamp"))
                .hasMessageContaining("1970-01-20").hasMessageContaining("max_point_age");
        aggregator.flush();

        assertThat(counters.get(Counters.POINTS_REJECTED)).isEqualTo(1);
        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isZero();
        assertThat(store.read(ERRORS, Aggregate.COUNT, Instant.EPOCH, NOW).getAsDouble()).isZero();
    }

    @Test
    void aPointMoreThanTenMinutesAheadIsRejected() {
        assertThatThrownBy(() -> aggregator.record(point(NOW.plus(Duration.ofMinutes(10)).plusMillis(1))))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("timestamp"))
                .hasMessageContaining("in the future");

        assertThat(counters.get(Counters.POINTS_REJECTED)).isEqualTo(1);
    }

    @Test
    void pointsWithinMaxPointAgeAndTenMinutesAheadAreAccepted() {
        aggregator.record(point(NOW.minus(IngestSettings.DEFAULT_MAX_POINT_AGE)));
        aggregator.record(point(NOW.plus(Duration.ofMinutes(10))));
        aggregator.flush();

        assertThat(counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(2);
        assertThat(store.read(ERRORS, Aggregate.COUNT, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(1))).getAsDouble())
                .isEqualTo(2);
    }

    @Test
    void maxPointAgeIsASetting() {
        Aggregator strict = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 10,
                Duration.ofMinutes(5)), store, counters, clock);

        assertThatThrownBy(() -> strict.record(point(NOW.minus(Duration.ofMinutes(6))))).isInstanceOf(InvalidPointException.class)
                .hasMessageContaining("max_point_age 5m");
    }

    private static Point point(Instant at) {
        return new Point(ERRORS, MetricType.COUNTER, 1, at.toEpochMilli());
    }
}
