package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchChunksTest {
    private static final long T = 1_750_000_000_000L;

    /** {@code n} counter buckets of distinct series. */
    private static List<SeriesBucket> counters(int n) {
        List<SeriesBucket> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            buckets.add(bucket(Series.of("jobs", Map.of("n", Integer.toString(i))), MetricType.COUNTER, T, stats(T, 1)));
        }
        return buckets;
    }

    /** A histogram bucket whose sketch has {@code bins} non-empty bins (powers of 2 fall in distinct bins). */
    private static SeriesBucket histogram(String name, int bins) {
        double[] values = new double[bins];
        for (int i = 0; i < bins; i++) {
            values[i] = Math.pow(2, i);
        }
        SeriesBucket bucket = bucket(Series.of(name), MetricType.HISTOGRAM, T, stats(MetricType.HISTOGRAM, T, values));
        assertThat(bucket.stats().sketch().binCount()).isEqualTo(bins);
        return bucket;
    }

    private static List<Integer> sizes(List<List<SeriesBucket>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    private static List<SeriesBucket> concatenation(List<List<SeriesBucket>> chunks) {
        return chunks.stream().flatMap(List::stream).toList();
    }

    @Test
    void aBatchOfUpToTheLimitIsOneChunk() {
        List<SeriesBucket> buckets = counters(2_000);

        assertThat(BatchChunks.split(buckets, 2_000)).containsExactly(buckets);
        assertThat(BatchChunks.split(List.of(), 2_000)).isEmpty();
    }

    @Test
    void aLargerBatchIsCutEveryLimitBucketsInOrder() {
        List<SeriesBucket> buckets = counters(5_001);

        List<List<SeriesBucket>> chunks = BatchChunks.split(buckets, 2_000);

        assertThat(sizes(chunks)).containsExactly(2_000, 2_000, 1_001);
        assertThat(concatenation(chunks)).isEqualTo(buckets);
    }

    @Test
    void theSameBucketsAreCutTheSameWayEveryTime() {
        List<SeriesBucket> buckets = new ArrayList<>(counters(6));
        buckets.add(1, histogram("a", 11));
        buckets.add(2, histogram("b", 2));

        List<List<SeriesBucket>> first = BatchChunks.split(buckets, 3);
        List<List<SeriesBucket>> retried = BatchChunks.split(List.copyOf(buckets), 3);

        assertThat(retried).isEqualTo(first);
        assertThat(sizes(first)).as("b's bins would make 13 of at most 12: b starts the next chunk").containsExactly(2, 3, 3);
    }

    @Test
    void aChunkHoldsAtMostFourSketchBinsPerBucketOfTheLimit() {
        List<SeriesBucket> buckets = List.of(histogram("a", 5), histogram("b", 3), histogram("c", 1), histogram("d", 8),
                histogram("e", 1));

        List<List<SeriesBucket>> chunks = BatchChunks.split(buckets, 2);

        assertThat(sizes(chunks)).as("at most 8 bins and 2 buckets a chunk").containsExactly(2, 1, 1, 1);
        assertThat(concatenation(chunks)).isEqualTo(buckets);
    }

    @Test
    void aBucketWithMoreBinsThanAChunkMayHoldGoesAlone() {
        List<SeriesBucket> buckets = List.of(histogram("small", 1), histogram("wide", 40), histogram("after", 1));

        assertThat(sizes(BatchChunks.split(buckets, 2))).containsExactly(1, 1, 1);
    }

    @Test
    void refusesAChunkOfNoBucket() {
        assertThatThrownBy(() -> BatchChunks.split(counters(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one bucket");
    }
}
