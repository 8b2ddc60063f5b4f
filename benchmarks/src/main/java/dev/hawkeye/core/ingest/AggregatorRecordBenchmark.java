package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Aggregator#record} of one point of a live series (its cell and bucket exist): a map
 * lookup, the cell's lock, the bucket's add, the accepted counter. Run with {@code -t 2} to see two
 * recording threads (the transport's selector and a worker) on the same aggregator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregatorRecordBenchmark {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    /** The aggregator every thread records into. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"1000"})
        int series;

        @Param({"counter", "histogram"})
        String type;

        Aggregator aggregator;
        Point[] points;

        @Setup(Level.Trial)
        public void setUp() {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000),
                    new MemoryStore(Duration.ofHours(1), clock), new Counters(), clock);
            MetricType metricType = MetricType.fromWireName(type);
            points = new Point[series];
            for (int i = 0; i < series; i++) {
                points[i] = new Point(Series.of("bench." + type + "." + i, Map.of("host", "web-" + (i % 10))), metricType,
                        0.5 + i % 100, NOW.toEpochMilli());
                aggregator.record(points[i]);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            aggregator.close();
        }
    }

    /** Where each thread is in the series. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public void record(Shared shared, Cursor cursor) {
        Point[] points = shared.points;
        shared.aggregator.record(points[cursor.next]);
        cursor.next = cursor.next + 1 == points.length ? 0 : cursor.next + 1;
    }
}
