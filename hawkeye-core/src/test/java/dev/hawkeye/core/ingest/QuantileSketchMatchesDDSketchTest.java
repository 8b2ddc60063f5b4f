package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import dev.hawkeye.api.metric.QuantileSketch;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The api's {@link QuantileSketch} (JDK only, so the stores can share its small contract) against
 * DDSketch itself with the same accuracy and cap: the same data must give the same quantiles.
 */
class QuantileSketchMatchesDDSketchTest {
    private final Random random = new Random(7);

    @Test
    void latencyLikeDataGivesTheSameQuantilesAsDDSketch() {
        assertSameQuantiles(() -> Math.exp(3 + random.nextGaussian()), 50_000);
    }

    @Test
    void signedDataWithZerosGivesTheSameQuantilesAsDDSketch() {
        assertSameQuantiles(() -> random.nextInt(10) == 0 ? 0 : (random.nextDouble() - 0.4) * Math.pow(10, random.nextInt(9) - 4), 50_000);
    }

    @Test
    void dataBeyondTheBinCapCollapsesLikeDDSketchsCollapsingLowestStore() {
        // magnitudes over 10^-150..10^150: about 34,000 bins, collapsed to the top 2048
        assertSameQuantiles(() -> Math.pow(10, random.nextDouble() * 300 - 150), 50_000);
    }

    private void assertSameQuantiles(DoubleSupplier values, int n) {
        DDSketch reference = DDSketches.logarithmicCollapsingLowestDense(QuantileSketch.RELATIVE_ACCURACY, QuantileSketch.MAX_BINS);
        QuantileSketch.Builder ours = QuantileSketch.builder();
        for (int i = 0; i < n; i++) {
            double value = values.getAsDouble();
            reference.accept(value);
            ours.add(value);
        }
        QuantileSketch sketch = ours.build();

        assertThat(sketch.count()).isEqualTo((long) reference.getCount());
        for (int permille = 0; permille <= 1_000; permille++) {
            double q = permille / 1_000.0;
            double expected = reference.getValueAtQuantile(q);
            double actual = sketch.quantile(q).getAsDouble();
            assertThat(actual).as("quantile %s", q).isCloseTo(expected, org.assertj.core.api.Assertions.within(Math.abs(expected) * 1e-9));
        }
    }
}
