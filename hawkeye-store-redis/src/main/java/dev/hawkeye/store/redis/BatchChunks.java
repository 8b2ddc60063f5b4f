package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.SeriesBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the buckets of a flush batch into the chunks that one write script each applies, so that no
 * script keeps Redis busy for long: Redis runs one script at a time and answers nobody meanwhile.
 * A chunk holds at most {@code maxBuckets} buckets and at most {@link #BINS_PER_BUCKET} times as
 * many histogram sketch bins (each bin costs an {@code HINCRBY} into its bucket's sketch and one
 * into its rollup's, a little more than a bucket's summary costs), and always at least one bucket. The cut is deterministic: the same
 * buckets in the same order give the same chunks, so a retried batch finds the markers of the
 * chunks that were already applied under the same chunk indices. Stateless.
 */
final class BatchChunks {
    /** Sketch bins a chunk may hold for each bucket it may hold. */
    static final int BINS_PER_BUCKET = 4;

    private BatchChunks() {
    }

    /**
     * The chunks of {@code buckets}, in order; their concatenation is {@code buckets}.
     *
     * @throws IllegalArgumentException when {@code maxBuckets} is below 1
     */
    static List<List<SeriesBucket>> split(List<SeriesBucket> buckets, int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("a chunk must hold at least one bucket, got " + maxBuckets);
        }
        List<List<SeriesBucket>> chunks = new ArrayList<>();
        if (buckets.isEmpty()) {
            return chunks;
        }
        long maxBins = (long) maxBuckets * BINS_PER_BUCKET;
        int from = 0;
        long bins = 0;
        for (int i = 0; i < buckets.size(); i++) {
            int bucketBins = buckets.get(i).stats().sketch().binCount();
            if (i > from && (i - from == maxBuckets || bins + bucketBins > maxBins)) {
                chunks.add(buckets.subList(from, i));
                from = i;
                bins = 0;
            }
            bins += bucketBins;
        }
        chunks.add(buckets.subList(from, buckets.size()));
        return chunks;
    }
}
