package dev.hawkeye.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AggregateTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void percentilesHaveWireNamesAndQuantiles() {
        assertThat(Aggregate.fromWireName("p50")).isEqualTo(Aggregate.P50);
        assertThat(Aggregate.fromWireName("p90")).isEqualTo(Aggregate.P90);
        assertThat(Aggregate.fromWireName("p95")).isEqualTo(Aggregate.P95);
        assertThat(Aggregate.fromWireName("p99")).isEqualTo(Aggregate.P99);
        assertThat(Aggregate.P99.wireName()).isEqualTo("p99");
        assertThat(Aggregate.P95.quantile()).hasValue(0.95);
        assertThat(Aggregate.P95.isPercentile()).isTrue();
        assertThat(Aggregate.AVG.isPercentile()).isFalse();
        assertThat(Aggregate.AVG.quantile()).isEmpty();
    }

    @Test
    void anUnknownNameIsRefusedListingEveryName() {
        assertThatThrownBy(() -> Aggregate.fromWireName("p42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("aggregate must be one of count, sum, avg, min, max, last, rate, p50, p90, p95, p99; got 'p42'");
    }

    @Test
    void aPercentileOfAHistogramIsReadFromItsSketchWithinOnePercent() {
        Stats stats = Stats.EMPTY;
        double[] values = new double[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i + 1) * 0.5;
            stats = stats.add(MetricType.HISTOGRAM, values[i], i);
        }

        for (Aggregate percentile : new Aggregate[] {Aggregate.P50, Aggregate.P90, Aggregate.P95, Aggregate.P99}) {
            double exact = QuantileSketchTest.exact(values, percentile.quantile().getAsDouble());
            assertThat(percentile.of(MetricType.HISTOGRAM, stats, MINUTE).getAsDouble())
                    .as(percentile.wireName()).isCloseTo(exact, org.assertj.core.api.Assertions.within(exact * 0.01));
        }
    }

    @Test
    void aPercentileNeverLiesOutsideTheWindowsMinAndMax() {
        Stats constant = Stats.EMPTY;
        for (int i = 0; i < 10; i++) {
            constant = constant.add(MetricType.HISTOGRAM, 1.0, i);
        }

        // the sketch alone says 0.99 (its bin's representative); the exact extremes say 1
        assertThat(constant.sketch().quantile(0.5).getAsDouble()).isLessThan(1);
        assertThat(Aggregate.P50.of(MetricType.HISTOGRAM, constant, MINUTE)).hasValue(1);
        assertThat(Aggregate.P99.of(MetricType.HISTOGRAM, constant, MINUTE)).hasValue(1);
    }

    @Test
    void aPercentileOfACounterAGaugeOrNothingIsEmpty() {
        Stats counted = Stats.of(MetricType.COUNTER, 5, 0).add(MetricType.COUNTER, 7, 1);
        Stats gauge = Stats.of(MetricType.GAUGE, 5, 0);

        assertThat(counted.sketch().isEmpty()).isTrue();
        assertThat(Aggregate.P50.of(MetricType.COUNTER, counted, MINUTE)).isEmpty();
        assertThat(Aggregate.P99.of(MetricType.GAUGE, gauge, MINUTE)).isEmpty();
        assertThat(Aggregate.P95.of(MetricType.HISTOGRAM, Stats.EMPTY, MINUTE)).isEmpty();
        // a histogram summary written without a sketch (by an older server) has no percentile either
        assertThat(Aggregate.P95.of(MetricType.HISTOGRAM, Stats.of(3, 0), MINUTE)).isEmpty();
    }

    @Test
    void statsMergeTheirSketchesAndKeepTheSixArgumentConstructor() {
        Stats a = Stats.of(MetricType.HISTOGRAM, 3, 10).add(MetricType.HISTOGRAM, -2, 11);
        Stats b = Stats.of(MetricType.HISTOGRAM, 0, 12);

        assertThat(a.merge(b).sketch()).isEqualTo(QuantileSketch.of(3, -2, 0));
        assertThat(a.merge(b).sketch().count()).isEqualTo(a.merge(b).count());
        assertThat(new Stats(1, 2, 2, 2, 2, 5)).isEqualTo(new Stats(1, 2, 2, 2, 2, 5, QuantileSketch.EMPTY))
                .isEqualTo(Stats.of(2, 5)).isEqualTo(new Stats(1, 2, 2, 2, 2, 5, null));
        assertThat(Stats.of(MetricType.HISTOGRAM, 2, 5).withSketch(QuantileSketch.EMPTY)).isEqualTo(Stats.of(2, 5));
        assertThat(Arrays.stream(Aggregate.values()).filter(Aggregate::isPercentile)).hasSize(4);
    }
}
