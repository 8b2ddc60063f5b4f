package dev.hawkeye.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
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
 * What a {@link HawkeyeMeterRegistry}'s meters cost the caller's thread: Micrometer's own bookkeeping
 * plus the hand-over to the aggregating client. Run with {@code -prof gc} for the allocation per
 * call. No server runs and the registry never publishes during the run (a step of an hour).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeterRecordBenchmark {
    private HawkeyeMeterRegistry registry;
    private Counter counter;
    private Timer timer;

    @Setup
    public void setUp() {
        registry = new HawkeyeMeterRegistry(key -> switch (key) {
            case "hawkeye.socket" -> "/tmp/hawkeye-benchmark-nobody-listens.sock";
            case "hawkeye.step" -> "1h";
            default -> null;
        }, Clock.SYSTEM);
        counter = Counter.builder("http.server.requests").tag("method", "GET").tag("status", "200").register(registry);
        timer = Timer.builder("http.server.latency").tag("method", "GET").register(registry);
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public void counterIncrement() {
        counter.increment();
    }

    @Benchmark
    public void timerRecord() {
        timer.record(5, TimeUnit.MILLISECONDS);
    }
}
