package dev.hawkeye.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link HawkeyeClient#increment} costs the caller's thread for a series it has seen before,
 * with client-side aggregation: the series cache's lookup and one compare-and-set. Run with
 * {@code -prof gc} for the allocation per call. No server runs, and the flush interval is an hour:
 * the sender never takes the aggregates meanwhile, so only the caller's path is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IncrementBenchmark {
    private static final String[] GET_200 = {"method", "GET", "status", "200"};

    private HawkeyeClient client;

    @Setup
    public void setUp() {
        client = HawkeyeClient.builder().socket(Path.of("/tmp/hawkeye-benchmark-nobody-listens.sock")).aggregation(true)
                .flushInterval(Duration.ofHours(1)).reconnectBackoff(Duration.ofHours(1), Duration.ofHours(1)).build();
        client.increment("http.server.requests");
        client.increment("http.server.requests", "method", "GET", "status", "200");
    }

    @TearDown
    public void tearDown() {
        client.close();
    }

    @Benchmark
    public void incrementWithoutTags() {
        client.increment("http.server.requests");
    }

    /** Tags written out at the call: the varargs array is allocated by the caller on each call. */
    @Benchmark
    public void incrementWithTwoTags() {
        client.increment("http.server.requests", "method", "GET", "status", "200");
    }

    /** The same tags in a constant array: nothing is allocated. */
    @Benchmark
    public void incrementWithTwoConstantTags() {
        client.increment("http.server.requests", GET_200);
    }

    @Benchmark
    public void gaugeWithoutTags() {
        client.gauge("queue.depth", 42);
    }
}
