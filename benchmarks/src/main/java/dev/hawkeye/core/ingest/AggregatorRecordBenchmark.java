package dev.hawkeye.core.ingest;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Aggregator#record} of one point of a live series (its cell and bucket exist): a clock
 * read, the in-flight mark, a map lookup, the cell's lock, the bucket's add, the accepted counter;
 * and {@link Aggregator#recordAll} of a list of one point of each series, which reads the clock,
 * marks itself in flight and counts once for the list (score per point). {@code clock=system} reads
 * the system clock as the server does; {@code fixed} is a field read. Run with {@code -t 2} to see
 * two recording threads (the transport's selectors) on the same aggregator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregatorRecordBenchmark {
    /** Live series, each with one tag. */
    private static final int SERIES = 1000;
    private static final MetricSink.Refusals NONE_EXPECTED = (index, reason) -> {
        throw new AssertionError("point " + index + " refused", reason);
    };

    /** The aggregator every thread records into. */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({"counter", "histogram"})
        String type;

        @Param({"fixed", "system"})
        String clock;

        Aggregator aggregator;
        Point[] points;
        List<Point> all;

        @Setup(Level.Trial)
        public void setUp() {
            Clock clock = this.clock.equals("system") ? Clock.systemUTC() : Clock.fixed(Instant.now(), ZoneOffset.UTC);
            long now = clock.millis();
            aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000),
                    new MemoryStore(Duration.ofHours(1), clock), new Counters(), clock);
            MetricType metricType = MetricType.fromWireName(type);
            points = new Point[SERIES];
            for (int i = 0; i < SERIES; i++) {
                points[i] = new Point(Series.of("bench." + type + "." + i, Map.of("host", "web-" + (i % 10))), metricType,
                        0.5 + i % 100, now);
                aggregator.record(points[i]);
            }
            all = List.of(points);
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

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void recordAll(Shared shared) {
        shared.aggregator.recordAll(shared.all, NONE_EXPECTED);
    }
}
