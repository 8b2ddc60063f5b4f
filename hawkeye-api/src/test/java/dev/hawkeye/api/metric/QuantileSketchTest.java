package dev.hawkeye.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
    private static final double[] QUANTILES = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};
    /** The guarantee plus room for the rounding of one logarithm. */
    private static final double TOLERANCE = QuantileSketch.RELATIVE_ACCURACY + 1e-12;

    private final Random random = new Random(42);

    @Test
    void quantilesOfUniformDataAreWithinOnePercentOfTheExactOnes() {
        assertAccurate(sample(20_000, () -> 1 + random.nextDouble() * 999));
    }

    @Test
    void quantilesOfExponentialDataAreWithinOnePercentOfTheExactOnes() {
        assertAccurate(sample(20_000, () -> -Math.log(1 - random.nextDouble()) * 250));
    }

    @Test
    void quantilesOfDataSpanningManyMagnitudesAreWithinOnePercent() {
        assertAccurate(sample(20_000, () -> Math.pow(10, -6 + random.nextDouble() * 15)));
    }

    @Test
    void quantilesOfConstantDataAreWithinOnePercentOfTheConstant() {
        double[] values = new double[1_000];
        Arrays.fill(values, 42.5);

        assertAccurate(values);
        assertThat(QuantileSketch.of(values).binCount()).isEqualTo(1);
    }

    @Test
    void quantilesOfNegativeAndMixedDataAreWithinOnePercent() {
        assertAccurate(sample(10_000, () -> -1 - random.nextDouble() * 999));
        assertAccurate(sample(10_000, () -> (random.nextDouble() - 0.3) * 2_000));
    }

    @Test
    void zerosAreCountedApartAndAnsweredExactly() {
        double[] values = {-3, 0, 0, 0, 0, 0, 0, 2, 5, 1e-320};
        QuantileSketch sketch = QuantileSketch.of(values);

        assertThat(sketch.zeroCount()).isEqualTo(7);
        assertThat(sketch.count()).isEqualTo(10);
        assertThat(sketch.quantile(0.5)).hasValue(0);
        assertThat(sketch.quantile(0).getAsDouble()).isCloseTo(-3, within(0.03));
        assertThat(sketch.quantile(1).getAsDouble()).isCloseTo(5, within(0.05));
        assertAccurate(new double[] {0, 0, 0});
    }

    @Test
    void everyValueIsWithinOnePercentOfTheRepresentativeOfItsBin() {
        for (int i = 0; i < 100_000; i++) {
            double value = Math.pow(10, -300 + random.nextDouble() * 600);
            double representative = QuantileSketch.value(QuantileSketch.index(value));
            assertThat(Math.abs(representative - value) / value).as("%s", value).isLessThanOrEqualTo(TOLERANCE);
        }
        // bin i holds (GAMMA^(i-1), GAMMA^i]
        assertThat(QuantileSketch.index(1)).isZero();
        assertThat(QuantileSketch.index(1.0001)).isEqualTo(1);
        assertThat(QuantileSketch.index(QuantileSketch.GAMMA * 0.9999)).isEqualTo(1);
        assertThat(QuantileSketch.index(QuantileSketch.GAMMA * 1.0001)).isEqualTo(2);
        assertThat(QuantileSketch.value(QuantileSketch.MAX_INDEX)).isFinite().isCloseTo(Double.MAX_VALUE, within(Double.MAX_VALUE * TOLERANCE));
    }

    @Test
    void anEmptySketchHasNoQuantile() {
        assertThat(QuantileSketch.EMPTY.quantile(0.5)).isEmpty();
        assertThat(QuantileSketch.of().isEmpty()).isTrue();
        assertThat(QuantileSketch.builder().build()).isSameAs(QuantileSketch.EMPTY);
    }

    @Test
    void aQuantileOutsideZeroToOneIsRefused() {
        QuantileSketch sketch = QuantileSketch.of(1, 2, 3);

        assertThatThrownBy(() -> sketch.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a quantile must be in [0, 1]; got 1.5");
        assertThatThrownBy(() -> sketch.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonFiniteValueIsRefused() {
        assertThatThrownBy(() -> QuantileSketch.builder().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> QuantileSketch.builder().add(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeIsCommutativeAndAssociativeAndEqualsSketchingEverythingAtOnce() {
        double[] all = sample(3_000, () -> (random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(8)));
        QuantileSketch a = QuantileSketch.of(Arrays.copyOfRange(all, 0, 1_000));
        QuantileSketch b = QuantileSketch.of(Arrays.copyOfRange(all, 1_000, 1_700));
        QuantileSketch c = QuantileSketch.of(Arrays.copyOfRange(all, 1_700, 3_000));

        assertThat(a.merge(b)).isEqualTo(b.merge(a));
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c))).isEqualTo(c.merge(a).merge(b));
        assertThat(a.merge(b).merge(c)).isEqualTo(QuantileSketch.of(all));
        assertThat(a.merge(QuantileSketch.EMPTY)).isSameAs(a);
        assertThat(QuantileSketch.builder().merge(a).merge(b).merge(c).build()).isEqualTo(QuantileSketch.of(all));
    }

    @Test
    void addingOneByOneEqualsBuilding() {
        double[] values = sample(500, () -> random.nextGaussian() * 100);
        QuantileSketch folded = QuantileSketch.EMPTY;
        for (double value : values) {
            folded = folded.add(value);
        }

        assertThat(folded).isEqualTo(QuantileSketch.of(values)).hasSameHashCodeAs(QuantileSketch.of(values));
    }

    @Test
    void eachSideSpansAtMostMaxBinsIndicesTheLowestCollapsingIntoTheFirstKept() {
        // one value in each of 3000 consecutive bins on both sides
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            double magnitude = QuantileSketch.value(i - 1_000);
            values.add(magnitude);
            values.add(-magnitude);
        }
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        QuantileSketch sketch = QuantileSketch.of(array);

        assertThat(sketch.count()).isEqualTo(6_000);
        for (List<QuantileSketch.Bin> side : List.of(sketch.positiveBins(), sketch.negativeBins())) {
            assertThat(side).hasSize(QuantileSketch.MAX_BINS);
            int floor = 1_999 - QuantileSketch.MAX_BINS + 1;
            assertThat(side.get(0)).isEqualTo(new QuantileSketch.Bin(floor, 3_000 - QuantileSketch.MAX_BINS + 1));
            assertThat(side.get(side.size() - 1)).isEqualTo(new QuantileSketch.Bin(1_999, 1));
        }
        // the large magnitudes keep their accuracy
        double[] sorted = array.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0, 0.01, 0.1, 0.9, 0.99, 1}) {
            assertWithinAccuracy(sketch, q, exact(sorted, q));
        }
        // the cap commutes with merging: collapsed halves merge into the collapsed whole
        QuantileSketch lower = QuantileSketch.of(Arrays.copyOfRange(array, 0, 3_000));
        QuantileSketch upper = QuantileSketch.of(Arrays.copyOfRange(array, 3_000, 6_000));
        assertThat(upper.merge(lower)).isEqualTo(sketch).isEqualTo(lower.merge(upper));
        assertThat(upper.positiveBins()).hasSize(1_500);
    }

    @Test
    void theBuilderCollapsesValuesArrivingInAnyOrderLikeTheMerge() {
        double[] values = sample(5_000, () -> Math.pow(QuantileSketch.GAMMA, random.nextInt(6_000) - 3_000));
        QuantileSketch merged = QuantileSketch.EMPTY;
        for (double value : values) {
            merged = merged.merge(QuantileSketch.of(value));
        }

        assertThat(QuantileSketch.of(values)).isEqualTo(merged);
        List<QuantileSketch.Bin> bins = merged.positiveBins();
        assertThat(bins.get(bins.size() - 1).index() - bins.get(0).index()).isEqualTo(QuantileSketch.MAX_BINS - 1);
    }

    @Test
    void binsReadBackFromAStoreRebuildTheSameSketch() {
        QuantileSketch sketch = QuantileSketch.of(sample(1_000, () -> random.nextGaussian() * 50));
        QuantileSketch.Builder rebuilt = QuantileSketch.builder().addZeroCount(sketch.zeroCount());
        sketch.positiveBins().forEach(bin -> rebuilt.addPositiveBin(bin.index(), bin.count()));
        sketch.negativeBins().forEach(bin -> rebuilt.addNegativeBin(bin.index(), bin.count()));

        assertThat(rebuilt.build()).isEqualTo(sketch);
        assertThatThrownBy(() -> QuantileSketch.builder().addPositiveBin(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> QuantileSketch.builder().addNegativeBin(QuantileSketch.MAX_INDEX + 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin index must be in");
    }

    private double[] sample(int n, DoubleSupplier next) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = next.getAsDouble();
        }
        return values;
    }

    /** The value of rank floor(q (n - 1)) in ascending order: the one the sketch promises to approximate. */
    static double exact(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static void assertAccurate(double[] values) {
        QuantileSketch sketch = QuantileSketch.of(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(sketch.count()).isEqualTo(values.length);
        for (double q : QUANTILES) {
            assertWithinAccuracy(sketch, q, exact(sorted, q));
        }
    }

    private static void assertWithinAccuracy(QuantileSketch sketch, double q, double exact) {
        double estimate = sketch.quantile(q).getAsDouble();
        assertThat(Math.abs(estimate - exact)).as("quantile %s: %s for %s", q, estimate, exact)
                .isLessThanOrEqualTo(TOLERANCE * Math.abs(exact));
    }
}
