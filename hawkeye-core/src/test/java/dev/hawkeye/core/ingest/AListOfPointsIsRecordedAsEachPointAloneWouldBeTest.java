package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Aggregator#recordAll} reads the clock and counts once per list, for speed; what it records,
 * refuses and counts must be exactly what {@link Aggregator#record} of each point gives.
 */
class AListOfPointsIsRecordedAsEachPointAloneWouldBeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final IngestSettings SETTINGS = new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 50);

    private final ManualClock clock = new ManualClock(T0.plusSeconds(30));
    private final Recorder oneByOne = new Recorder();
    private final Recorder asList = new Recorder();

    @AfterEach
    void close() {
        oneByOne.aggregator.close();
        asList.aggregator.close();
    }

    @Test
    void refusedPointsAreReportedByIndexAndTheRestAreRecorded() {
        Series errors = Series.of("api.errors");
        List<String> refusals = new ArrayList<>();

        asList.aggregator.recordAll(List.of(
                        point(errors, MetricType.COUNTER, 2, 0),
                        point(errors, MetricType.GAUGE, 5, 0),
                        point(errors, MetricType.COUNTER, 3, 500),
                        point(errors, MetricType.COUNTER, 1, Duration.ofMinutes(11).toMillis() + 30_000),
                        point(errors, MetricType.COUNTER, 4, 1_200)),
                (index, reason) -> refusals.add(index + " " + ((InvalidPointException) reason).field()));
        asList.aggregator.flush();

        assertThat(refusals).containsExactly("1 type", "3 timestamp");
        assertThat(asList.count(errors, 0, 1_000)).isEqualTo(5);
        assertThat(asList.count(errors, 1_000, 2_000)).isEqualTo(4);
        assertThat(asList.counters.get(Counters.POINTS_ACCEPTED)).isEqualTo(3);
        assertThat(asList.counters.get(Counters.POINTS_REJECTED)).isEqualTo(2);
    }

    @Test
    void aThousandRandomPointsSomeInvalidGiveTheSameDataRefusalsAndCountsEitherWay() {
        Random random = new Random(42);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // 60 series for a limit of 50, two types, and timestamps from too old to too new.
            Series series = Series.of("s" + random.nextInt(60), Map.of("shard", String.valueOf(random.nextInt(2))));
            MetricType type = random.nextInt(10) == 0 ? MetricType.GAUGE : MetricType.COUNTER;
            long offset = switch (random.nextInt(20)) {
                case 0 -> -Duration.ofHours(2).toMillis();
                case 1 -> Duration.ofMinutes(20).toMillis();
                default -> random.nextInt(30_000);
            };
            points.add(point(series, type, random.nextInt(100), offset));
        }
        List<String> refusedOneByOne = new ArrayList<>();
        for (int index = 0; index < points.size(); index++) {
            try {
                oneByOne.aggregator.record(points.get(index));
            } catch (InvalidPointException e) {
                refusedOneByOne.add(index + ": " + e.getMessage());
            }
        }
        List<String> refusedAsList = new ArrayList<>();

        asList.aggregator.recordAll(points, (index, reason) -> refusedAsList.add(index + ": " + reason.getMessage()));
        oneByOne.aggregator.flush();
        asList.aggregator.flush();

        assertThat(refusedOneByOne).hasSizeGreaterThan(100);
        assertThat(refusedAsList).isEqualTo(refusedOneByOne);
        for (String counter : List.of(Counters.POINTS_ACCEPTED, Counters.POINTS_REJECTED)) {
            assertThat(asList.counters.get(counter)).as(counter).isEqualTo(oneByOne.counters.get(counter));
        }
        for (Point point : points) {
            for (Aggregate aggregate : List.of(Aggregate.COUNT, Aggregate.SUM, Aggregate.LAST)) {
                assertThat(asList.read(point.series(), aggregate)).as("%s of %s", aggregate, point.series())
                        .isEqualTo(oneByOne.read(point.series(), aggregate));
            }
        }
    }

    @Test
    void afterCloseEveryPointIsRefusedAndNoneCounted() {
        asList.aggregator.close();
        List<String> refusals = new ArrayList<>();

        asList.aggregator.recordAll(List.of(point(Series.of("a"), MetricType.COUNTER, 1, 0), point(Series.of("b"), MetricType.COUNTER, 1, 0)),
                (index, reason) -> refusals.add(index + " " + reason.getMessage()));

        assertThat(refusals).containsExactly("0 the aggregator is closed", "1 the aggregator is closed");
        assertThat(asList.counters.get(Counters.POINTS_ACCEPTED)).isZero();
    }

    private static Point point(Series series, MetricType type, double value, long millisAfterT0) {
        return new Point(series, type, value, T0.toEpochMilli() + millisAfterT0);
    }

    /** An aggregator over its own memory store and counters, on the shared clock. */
    private final class Recorder {
        final Counters counters = new Counters();
        final MemoryStore store = new MemoryStore(Duration.ofHours(24), clock);
        final Aggregator aggregator = new Aggregator(SETTINGS, store, counters, clock);

        double count(Series series, long fromMillis, long toMillis) {
            return store.read(series, Aggregate.COUNT, T0.plusMillis(fromMillis), T0.plusMillis(toMillis)).orElseThrow();
        }

        Object read(Series series, Aggregate aggregate) {
            return store.read(series, aggregate, T0.minus(Duration.ofHours(3)), T0.plus(Duration.ofHours(1)));
        }
    }
}
