package dev.hawkeye.api.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A mergeable summary of a distribution that answers quantiles within a relative error of
 * {@value #RELATIVE_ACCURACY} (1%): the logarithmic mapping of DDSketch (Masson, Rim, Lee,
 * VLDB 2019) with bins that collapse at the low end. Immutable and thread-safe; build one with
 * {@link #builder()} or {@link #of}.
 *
 * <h2>The contract every store shares</h2>
 * A store may keep and merge a sketch in any form as long as it keeps these rules, so that the
 * same observations give the same sketch (and the same quantiles) everywhere:
 * <ol>
 *   <li><b>Mapping.</b> {@link #GAMMA} {@code = (1 + a) / (1 - a)} with {@code a =}
 *       {@link #RELATIVE_ACCURACY}. A value {@code v} with {@code |v| >=} {@link #MIN_INDEXABLE_VALUE}
 *       falls in the bin {@code index(|v|) = ceil(ln|v| / ln GAMMA)} ({@link #index}) of the
 *       <em>positive</em> side when {@code v > 0}, of the <em>negative</em> side when {@code v < 0}.
 *       Bin {@code i} holds the magnitudes in {@code (GAMMA^(i-1), GAMMA^i]}. Zero (and the
 *       magnitudes below {@link #MIN_INDEXABLE_VALUE}) add to the <em>zero count</em>.</li>
 *   <li><b>Content.</b> A sketch is the zero count and, per side, a count per bin index. Counts are
 *       never negative; a bin with count 0 is the same as no bin.</li>
 *   <li><b>Merge.</b> Merging adds the zero counts and the counts of equal (side, index) bins, then
 *       applies the cap.</li>
 *   <li><b>Cap.</b> On each side the bins span at most {@link #MAX_BINS} consecutive indices: when the
 *       highest index held on a side is {@code h}, the counts of every index below
 *       {@code h - MAX_BINS + 1} are added to index {@code h - MAX_BINS + 1} (the smallest magnitudes
 *       lose their accuracy first, as in DDSketch's collapsing-lowest stores). Collapsing commutes
 *       with merging, so merges stay commutative and associative. With 1% accuracy 2048 bins cover
 *       magnitudes over a ratio of about 10<sup>17</sup> (say 1 ns to 30 years), so real data is
 *       rarely collapsed; a sketch is at most 2 &times; 2048 bins whatever it has seen.</li>
 *   <li><b>Quantile.</b> For {@code q} in {@code [0, 1]} and {@code n =} {@link #count()} observations,
 *       the answer lies in the bin holding the observation of rank {@code floor(q (n - 1))} (from 0,
 *       in ascending order): walk the negative bins from the highest index down (the most negative
 *       values first), then the zero count, then the positive bins from the lowest index up, and stop
 *       at the first bin where the running count exceeds {@code q (n - 1)}. The answer is that bin's
 *       {@linkplain #value representative value} ({@code 2 GAMMA^i / (GAMMA + 1)}, negated on the
 *       negative side; 0 for the zero count), which is within {@link #RELATIVE_ACCURACY} of every
 *       magnitude of the bin.</li>
 * </ol>
 * DDSketch's Java library ({@code com.datadoghq:sketches-java}) numbers its bins with
 * {@code floor} rather than {@code ceil}, so its indices are one less than these; the bins (but for
 * values exactly on a bound) and their representative values are the same, and so are the
 * quantiles (a test in hawkeye-core checks it).
 */
public final class QuantileSketch {
    /** The largest relative error of a quantile (of an uncollapsed bin): 1%. */
    public static final double RELATIVE_ACCURACY = 0.01;
    /** The ratio between the upper bounds of two neighbouring bins: {@code (1 + a) / (1 - a)}, about 1.0202. */
    public static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    /** Magnitudes below this (zero and the subnormal doubles) count as zero. */
    public static final double MIN_INDEXABLE_VALUE = Double.MIN_NORMAL;
    /** How many consecutive bin indices one side may span (see the cap rule above). */
    public static final int MAX_BINS = 2048;
    /** The index of the smallest indexable magnitude, {@code index(MIN_INDEXABLE_VALUE)}. */
    public static final int MIN_INDEX;
    /** The index of the largest finite magnitude, {@code index(Double.MAX_VALUE)}. */
    public static final int MAX_INDEX;
    /** The sketch of no observation. */
    public static final QuantileSketch EMPTY = new QuantileSketch(0, Bins.EMPTY, Bins.EMPTY);

    private static final double LOG_GAMMA = Math.log(GAMMA);

    static {
        MIN_INDEX = index(MIN_INDEXABLE_VALUE);
        MAX_INDEX = index(Double.MAX_VALUE);
    }

    /** One bin of one side: how many observations fell at {@code index}. */
    public record Bin(int index, long count) {
    }

    private final long zeroCount;
    private final Bins positive;
    private final Bins negative;
    private final long count;

    private QuantileSketch(long zeroCount, Bins positive, Bins negative) {
        this.zeroCount = zeroCount;
        this.positive = positive;
        this.negative = negative;
        this.count = zeroCount + positive.total() + negative.total();
    }

    /**
     * The bin index of a magnitude: {@code ceil(ln(magnitude) / ln(GAMMA))}.
     *
     * @throws IllegalArgumentException when {@code magnitude} is below {@link #MIN_INDEXABLE_VALUE}
     *                                  or not finite
     */
    public static int index(double magnitude) {
        if (!(magnitude >= MIN_INDEXABLE_VALUE) || magnitude == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a bin index needs a finite magnitude of at least " + MIN_INDEXABLE_VALUE
                    + "; got " + magnitude);
        }
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    /**
     * The representative magnitude of bin {@code index}: {@code 2 GAMMA^index / (GAMMA + 1)}, i.e.
     * {@code GAMMA^(index-1) (1 + a)}, within {@link #RELATIVE_ACCURACY} of both ends of the bin
     * (at most {@link Double#MAX_VALUE}).
     */
    public static double value(int index) {
        return Math.min(Math.exp((index - 1) * LOG_GAMMA) * (1 + RELATIVE_ACCURACY), Double.MAX_VALUE);
    }

    /** The sketch of the given observations. */
    public static QuantileSketch of(double... values) {
        Builder builder = builder();
        for (double value : values) {
            builder.add(value);
        }
        return builder.build();
    }

    /** A mutable builder, for adding many observations without allocating per observation. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many observations the sketch summarises. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** How many observations were zero (or of a magnitude below {@link #MIN_INDEXABLE_VALUE}). */
    public long zeroCount() {
        return zeroCount;
    }

    /** The non-empty bins of positive observations, by ascending index. */
    public List<Bin> positiveBins() {
        return positive.toList();
    }

    /** The non-empty bins of negative observations (indexed by magnitude), by ascending index. */
    public List<Bin> negativeBins() {
        return negative.toList();
    }

    /** How many non-empty bins both sides hold (the zero count not included). */
    public int binCount() {
        return positive.size() + negative.size();
    }

    /** This sketch with one more observation. */
    public QuantileSketch add(double value) {
        return merge(of(value));
    }

    /** The sketch of the observations of both (see the merge and cap rules above). Commutative and associative. */
    public QuantileSketch merge(QuantileSketch other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new QuantileSketch(zeroCount + other.zeroCount, positive.merge(other.positive), negative.merge(other.negative));
    }

    /**
     * The value at quantile {@code q} (0.95 for p95), by the quantile rule above.
     *
     * @return empty when the sketch is empty
     * @throws IllegalArgumentException when {@code q} is not in {@code [0, 1]}
     */
    public OptionalDouble quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile must be in [0, 1]; got " + q);
        }
        if (isEmpty()) {
            return OptionalDouble.empty();
        }
        double rank = q * (count - 1);
        long seen = 0;
        for (int i = negative.size() - 1; i >= 0; i--) {
            seen += negative.counts[i];
            if (seen > rank) {
                return OptionalDouble.of(-value(negative.indexes[i]));
            }
        }
        seen += zeroCount;
        if (seen > rank) {
            return OptionalDouble.of(0);
        }
        for (int i = 0; i < positive.size(); i++) {
            seen += positive.counts[i];
            if (seen > rank) {
                return OptionalDouble.of(value(positive.indexes[i]));
            }
        }
        // Unreachable while the counts add up to `count`; the highest bin is the safe answer.
        return OptionalDouble.of(positive.size() > 0 ? value(positive.indexes[positive.size() - 1]) : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileSketch other && zeroCount == other.zeroCount
                && positive.equals(other.positive) && negative.equals(other.negative);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(zeroCount) * 961 + positive.hashCode() * 31 + negative.hashCode();
    }

    @Override
    public String toString() {
        return "QuantileSketch[count=" + count + ", zero=" + zeroCount + ", positive bins=" + positive.size()
                + ", negative bins=" + negative.size() + "]";
    }

    /** The non-empty bins of one side, immutable, by ascending index, spanning at most {@link #MAX_BINS} indices. */
    private static final class Bins {
        static final Bins EMPTY = new Bins(new int[0], new long[0]);

        final int[] indexes;
        final long[] counts;

        Bins(int[] indexes, long[] counts) {
            this.indexes = indexes;
            this.counts = counts;
        }

        int size() {
            return indexes.length;
        }

        long total() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        List<Bin> toList() {
            List<Bin> bins = new ArrayList<>(indexes.length);
            for (int i = 0; i < indexes.length; i++) {
                bins.add(new Bin(indexes[i], counts[i]));
            }
            return Collections.unmodifiableList(bins);
        }

        Bins merge(Bins other) {
            if (other.size() == 0) {
                return this;
            }
            if (size() == 0) {
                return other;
            }
            int highest = Math.max(indexes[size() - 1], other.indexes[other.size() - 1]);
            // Every index below `floor` is added to `floor` (the cap rule).
            int floor = highest - MAX_BINS + 1;
            int[] mergedIndexes = new int[size() + other.size()];
            long[] mergedCounts = new long[mergedIndexes.length];
            int n = 0;
            int a = 0;
            int b = 0;
            while (a < size() || b < other.size()) {
                int index;
                long count;
                if (b == other.size() || (a < size() && indexes[a] < other.indexes[b])) {
                    index = indexes[a];
                    count = counts[a++];
                } else if (a == size() || other.indexes[b] < indexes[a]) {
                    index = other.indexes[b];
                    count = other.counts[b++];
                } else {
                    index = indexes[a];
                    count = counts[a++] + other.counts[b++];
                }
                index = Math.max(index, floor);
                if (n > 0 && mergedIndexes[n - 1] == index) {
                    mergedCounts[n - 1] += count;
                } else {
                    mergedIndexes[n] = index;
                    mergedCounts[n++] = count;
                }
            }
            return new Bins(Arrays.copyOf(mergedIndexes, n), Arrays.copyOf(mergedCounts, n));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bins other && Arrays.equals(indexes, other.indexes) && Arrays.equals(counts, other.counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indexes) * 31 + Arrays.hashCode(counts);
        }
    }

    /**
     * Collects observations and bins into a {@link QuantileSketch}. Each side keeps its bins in one
     * array indexed from an offset (DDSketch's dense store), so {@link #add(double)} allocates only
     * when a value falls outside the range of indices seen so far. Not thread-safe.
     */
    public static final class Builder {
        private final DenseBins positive = new DenseBins();
        private final DenseBins negative = new DenseBins();
        private long zeroCount;

        private Builder() {
        }

        /**
         * Adds one observation.
         *
         * @throws IllegalArgumentException when {@code value} is NaN or infinite
         */
        public Builder add(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a sketch takes finite values only; got " + value);
            }
            if (value >= MIN_INDEXABLE_VALUE) {
                positive.add(index(value), 1);
            } else if (value <= -MIN_INDEXABLE_VALUE) {
                negative.add(index(-value), 1);
            } else {
                zeroCount++;
            }
            return this;
        }

        /** Adds every observation of {@code sketch}. */
        public Builder merge(QuantileSketch sketch) {
            zeroCount += sketch.zeroCount;
            for (int i = 0; i < sketch.positive.size(); i++) {
                positive.add(sketch.positive.indexes[i], sketch.positive.counts[i]);
            }
            for (int i = 0; i < sketch.negative.size(); i++) {
                negative.add(sketch.negative.indexes[i], sketch.negative.counts[i]);
            }
            return this;
        }

        /**
         * Adds {@code count} observations that were zero.
         *
         * @throws IllegalArgumentException when {@code count} is negative
         */
        public Builder addZeroCount(long count) {
            zeroCount += requireCount(count);
            return this;
        }

        /**
         * Adds {@code count} positive observations of bin {@code index} (a bin read back from a store).
         *
         * @throws IllegalArgumentException when {@code count} is negative or {@code index} outside
         *                                  [{@link #MIN_INDEX}, {@link #MAX_INDEX}]
         */
        public Builder addPositiveBin(int index, long count) {
            positive.add(requireIndex(index), requireCount(count));
            return this;
        }

        /** Like {@link #addPositiveBin} for negative observations (the index is that of their magnitude). */
        public Builder addNegativeBin(int index, long count) {
            negative.add(requireIndex(index), requireCount(count));
            return this;
        }

        public boolean isEmpty() {
            return zeroCount == 0 && positive.isEmpty() && negative.isEmpty();
        }

        /** The sketch of what was added so far; the builder stays usable. */
        public QuantileSketch build() {
            if (isEmpty()) {
                return EMPTY;
            }
            return new QuantileSketch(zeroCount, positive.toBins(), negative.toBins());
        }

        private static long requireCount(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("a bin count must not be negative; got " + count);
            }
            return count;
        }

        private static int requireIndex(int index) {
            if (index < MIN_INDEX || index > MAX_INDEX) {
                throw new IllegalArgumentException("a bin index must be in [" + MIN_INDEX + ", " + MAX_INDEX + "]; got " + index);
            }
            return index;
        }
    }

    /**
     * The bins of one side of a {@link Builder}: {@code counts[i]} is the count of index
     * {@code offset + i}; the non-empty ones lie in {@code [low, high]}, which spans at most
     * {@link #MAX_BINS} indices (the cap is applied as bins arrive).
     */
    private static final class DenseBins {
        private static final int INITIAL_LENGTH = 64;

        private long[] counts = new long[0];
        private int offset;
        private int low = Integer.MAX_VALUE;
        private int high = Integer.MIN_VALUE;

        boolean isEmpty() {
            return low > high;
        }

        void add(int index, long count) {
            if (count == 0) {
                return;
            }
            if (isEmpty()) {
                low = index;
                high = index;
                cover(index, index);
            } else if (index > high) {
                int floor = index - MAX_BINS + 1;
                long folded = 0;
                if (low < floor) {
                    for (int i = low, end = Math.min(high, floor - 1); i <= end; i++) {
                        folded += counts[i - offset];
                        counts[i - offset] = 0;
                    }
                    low = floor;
                }
                high = index;
                cover(low, high);
                counts[low - offset] += folded;
            } else if (index < low) {
                index = Math.max(index, high - MAX_BINS + 1);
                if (index < low) {
                    low = index;
                    cover(low, high);
                }
            }
            counts[index - offset] += count;
        }

        /** Makes {@code counts} hold the indices {@code [from, to]}, keeping the non-zero counts (all inside it). */
        private void cover(int from, int to) {
            if (counts.length > 0 && from >= offset && to < offset + counts.length) {
                return;
            }
            int span = to - from + 1;
            int length = counts.length >= span ? counts.length
                    : Math.max(span, Math.min(MAX_BINS, Math.max(INITIAL_LENGTH, counts.length * 2)));
            int newOffset;
            if (counts.length == 0) {
                newOffset = from - (length - span) / 2;
            } else if (to >= offset + counts.length) {
                newOffset = from; // growing upwards: leave the room above
            } else {
                newOffset = to - length + 1;
            }
            long[] target = length == counts.length ? counts : new long[length];
            int copyFrom = Math.max(offset, newOffset);
            int copyTo = Math.min(offset + counts.length, newOffset + length);
            if (copyFrom < copyTo) {
                System.arraycopy(counts, copyFrom - offset, target, copyFrom - newOffset, copyTo - copyFrom);
            }
            if (target == counts) {
                // Shifted in place: clear what the copy did not overwrite.
                int keptFrom = copyFrom < copyTo ? copyFrom - newOffset : 0;
                int keptTo = copyFrom < copyTo ? copyTo - newOffset : 0;
                Arrays.fill(target, 0, keptFrom, 0);
                Arrays.fill(target, keptTo, length, 0);
            }
            counts = target;
            offset = newOffset;
        }

        Bins toBins() {
            if (isEmpty()) {
                return Bins.EMPTY;
            }
            int n = 0;
            for (int i = low; i <= high; i++) {
                if (counts[i - offset] != 0) {
                    n++;
                }
            }
            int[] indexes = new int[n];
            long[] binCounts = new long[n];
            n = 0;
            for (int i = low; i <= high; i++) {
                long c = counts[i - offset];
                if (c != 0) {
                    indexes[n] = i;
                    binCounts[n++] = c;
                }
            }
            return new Bins(indexes, binCounts);
        }
    }
}
