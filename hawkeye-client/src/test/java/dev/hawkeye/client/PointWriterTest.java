package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointWriterTest {
    private static final Series SERIES = new Series("jobs", Map.of());
    private final PointWriter writer = new PointWriter();

    @Test
    void anIncrementIsOnlyItsKeyAndTimestamp() throws IOException {
        assertThat(write(MetricType.COUNTER, 1)).isEqualTo("{\"key\":\"jobs\",\"timestamp\":7}");
    }

    @Test
    void aValueOfOneIsLeftOutForEveryTypeSinceTheServerDefaultsToIt() throws IOException {
        assertThat(write(MetricType.GAUGE, 1)).isEqualTo("{\"key\":\"jobs\",\"type\":\"gauge\",\"timestamp\":7}");
    }

    @Test
    void aWholeValueIsWrittenAsAnInteger() throws IOException {
        assertThat(write(MetricType.COUNTER, 512)).isEqualTo("{\"key\":\"jobs\",\"value\":512,\"timestamp\":7}");
        assertThat(write(MetricType.GAUGE, -3)).isEqualTo("{\"key\":\"jobs\",\"value\":-3,\"type\":\"gauge\",\"timestamp\":7}");
        assertThat(write(MetricType.GAUGE, 0)).isEqualTo("{\"key\":\"jobs\",\"value\":0,\"type\":\"gauge\",\"timestamp\":7}");
    }

    @Test
    void everyOtherValueIsWrittenAsADoubleThatReadsBackTheSame() throws IOException {
        for (double value : new double[] {1024.5, -0.0, 0.1, 1e20, -1e300, 9_007_199_254_740_993.0 * 4, Double.MIN_VALUE}) {
            String json = write(MetricType.HISTOGRAM, value);
            double read = new ObjectMapper().readTree(json).get("value").doubleValue();
            assertThat(Double.doubleToRawLongBits(read)).as(json).isEqualTo(Double.doubleToRawLongBits(value));
        }
    }

    @Test
    void theLargestExactIntegersStayIntegersAndReadBackTheSame() throws IOException {
        double largest = 9_007_199_254_740_992.0; // 2^53
        assertThat(write(MetricType.GAUGE, largest)).contains("\"value\":9007199254740992,");
        assertThat(write(MetricType.GAUGE, -largest)).contains("\"value\":-9007199254740992,");
    }

    private String write(MetricType type, double value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            writer.write(generator, SERIES, type, value, 7);
        }
        return out.toString();
    }
}
