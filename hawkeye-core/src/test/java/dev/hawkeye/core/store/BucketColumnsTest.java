package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The compact columns hold what a sorted map of stats would, whatever the order of merges and
 * removals; of stats of different types for one start, the later is kept and the other dropped.
 */
class BucketColumnsTest {

    @RepeatedTest(20)
    void holdsWhatASortedMapOfStatsHoldsAndStaysWithinItsEstimate(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        BucketColumns columns = new BucketColumns();
        TreeMap<Long, Stats> expected = new TreeMap<>();
        TreeMap<Long, MetricType> types = new TreeMap<>();
        long newest = 0;
        int dropped = 0;
        int droppedByModel = 0;
        for (int step = 0; step < 3_000; step++) {
            int action = random.nextInt(10);
            if (action < 6) {
                // mostly the next bucket, sometimes a late one or the same again
                long start = random.nextInt(4) == 0 && newest > 0 ? random.nextInt((int) newest + 1) * 1000L : newest;
                newest = Math.max(newest, start / 1000 + 1);
                MetricType type = random.nextInt(20) == 0 ? MetricType.GAUGE : MetricType.HISTOGRAM;
                Stats stats = Stats.of(type, random.nextInt(1000) + 1, start + random.nextInt(1000));
                if (columns.merge(start, type, stats).droppedAny()) {
                    dropped++;
                }
                if (!types.containsKey(start)) {
                    expected.put(start, stats);
                    types.put(start, type);
                } else if (types.get(start) == type) {
                    expected.put(start, expected.get(start).merge(stats));
                } else {
                    droppedByModel++;
                    if (isLater(stats, expected.get(start))) {
                        expected.put(start, stats);
                        types.put(start, type);
                    }
                }
            } else if (action < 8 && !expected.isEmpty()) {
                int n = random.nextInt(Math.min(expected.size(), random.nextBoolean() ? 3 : 200) + 1);
                columns.removeFirst(n);
                for (int i = 0; i < n; i++) {
                    types.remove(expected.pollFirstEntry().getKey());
                }
            }
            assertThat(columns.capacity() - columns.size()).as("spare room").isLessThanOrEqualTo(2 * Math.max(2, columns.size() / 8));
        }

        assertThat(columns.size()).isEqualTo(expected.size());
        assertThat(dropped).as("merges that dropped stats of another type").isEqualTo(droppedByModel);
        int i = 0;
        for (Map.Entry<Long, Stats> entry : expected.entrySet()) {
            assertThat(columns.start(i)).isEqualTo(entry.getKey());
            assertThat(columns.type(i)).isEqualTo(types.get(entry.getKey()));
            assertThat(columns.stats(i)).isEqualTo(entry.getValue());
            assertThat(columns.lowerBound(entry.getKey())).isEqualTo(i);
            i++;
        }
    }

    @Test
    void ofStatsOfDifferentTypesForOneStartTheLaterIsKeptAndTheOtherDropped() {
        BucketColumns columns = new BucketColumns();
        columns.merge(5_000, MetricType.COUNTER, Stats.of(3, 5_500));

        assertThat(columns.merge(5_000, MetricType.GAUGE, Stats.of(42, 5_400)))
                .isEqualTo(new BucketColumns.Merge(0, MetricType.GAUGE, MetricType.COUNTER));
        assertThat(columns.type(0)).isEqualTo(MetricType.COUNTER);
        // On a tie of timestamps the larger value is the later, as in Stats.merge.
        assertThat(columns.merge(5_000, MetricType.GAUGE, Stats.of(2, 5_500)).dropped()).isEqualTo(MetricType.GAUGE);
        assertThat(columns.merge(5_000, MetricType.GAUGE, Stats.of(4, 5_500)).dropped()).isEqualTo(MetricType.COUNTER);
        assertThat(columns.stats(0)).isEqualTo(Stats.of(4, 5_500));
        // On a tie of both, the stats written, as the newest write.
        assertThat(columns.merge(5_000, MetricType.COUNTER, Stats.of(4, 5_500)).dropped()).isEqualTo(MetricType.GAUGE);
        assertThat(columns.type(0)).isEqualTo(MetricType.COUNTER);
        columns.merge(5_000, MetricType.GAUGE, Stats.of(4, 5_500));
        assertThat(columns.merge(5_000, MetricType.GAUGE, Stats.of(1, 5_600)).droppedAny()).isFalse();
    }

    @Test
    void theEstimateCountsTheSlotsTheirSpareRoomAndTheSketches() {
        BucketColumns columns = new BucketColumns();
        long empty = columns.estimatedBytes();
        List<Long> estimates = new ArrayList<>();
        for (int second = 0; second < 64; second++) {
            columns.merge(second * 1000L, MetricType.COUNTER, Stats.of(1, second * 1000L));
            estimates.add(columns.estimatedBytes());
        }
        // 64 buckets and twice an allowance of 8 slots of spare room, 57 bytes each, and three array headers
        assertThat(estimates.get(63) - empty).isEqualTo((64 + 16) * 57 + 3 * 16 + 7);

        columns.removeFirst(32);
        assertThat(columns.estimatedBytes() - empty).isEqualTo((32 + 8) * 57 + 3 * 16 + 7);

        Stats histogram = Stats.of(MetricType.HISTOGRAM, 3, 1).add(MetricType.HISTOGRAM, 300, 2);
        long before = columns.estimatedBytes();
        columns.merge(100_000, MetricType.HISTOGRAM, histogram);
        assertThat(columns.estimatedBytes() - before)
                .isEqualTo(57 + BucketColumns.sketchBytes(histogram.sketch()) + 16 + (33 + 8) * 4 + 7);
    }

    /** Stats.merge's rule for the latest value: the later timestamp, on a tie the larger value; here the written on a full tie. */
    private static boolean isLater(Stats written, Stats held) {
        return written.lastTimestampMillis() > held.lastTimestampMillis()
                || (written.lastTimestampMillis() == held.lastTimestampMillis() && written.last() >= held.last());
    }
}
