package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsSumTest {
    @Test
    void mergesInPlaceAsStatsMergeDoes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Stats> buckets = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                // Few distinct timestamps and values, so ties between the latest points are common.
                long at = 1_000L * random.nextInt(3);
                double value = random.nextInt(4) - 1;
                buckets.add(random.nextInt(5) == 0 ? Stats.EMPTY : Stats.of(value, at).add(random.nextInt(3), at));
            }
            Stats expected = Stats.EMPTY;
            StatsSum sum = new StatsSum();
            for (Stats bucket : buckets) {
                expected = expected.merge(bucket);
                sum.add(bucket.count(), bucket.sum(), bucket.min(), bucket.max(), bucket.last(), bucket.lastTimestampMillis());
            }
            assertThat(sum.toStats(QuantileSketch.EMPTY)).as("%s", buckets).isEqualTo(expected);
        }
    }

    @Test
    void anEmptySumIsTheEmptyStatsWithTheSketchGiven() {
        assertThat(new StatsSum().toStats(QuantileSketch.EMPTY)).isEqualTo(Stats.EMPTY);
    }
}
