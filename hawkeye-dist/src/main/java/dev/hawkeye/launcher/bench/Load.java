package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A load generator: {@code threads} threads that send points until {@link #stop}. Latencies are
 * recorded in nanoseconds into one recorder per thread; {@link #takeLatencies} returns what was
 * recorded since the previous call (so the warm-up can be left out).
 *
 * <p>A thread that fails (the server closed the connection) stops the whole load; {@link #failure}
 * tells why.
 */
abstract class Load implements AutoCloseable {
    final BenchPlan plan;
    private final List<Thread> threads = new ArrayList<>();
    private final SingleWriterRecorder[] recorders;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    Load(BenchPlan plan) {
        this.plan = plan;
        this.recorders = new SingleWriterRecorder[plan.threads()];
        for (int i = 0; i < recorders.length; i++) {
            recorders[i] = new SingleWriterRecorder(3);
        }
    }

    /** Opens what the load needs (connections, clients); the server must be running. */
    abstract void open() throws IOException;

    /** The body of thread {@code thread}: sends until {@link #running()} turns false. */
    abstract void work(int thread, SingleWriterRecorder latency) throws IOException;

    /** Points the load has sent so far (in {@code batch} mode: that the server has answered for). */
    abstract long progress();

    /** After {@link #stop}: waits until the server has taken every point sent, at most {@code timeout}. */
    abstract Outcome settle(Duration timeout) throws IOException;

    /** What the latencies measure, for the report; {@code null} when the mode measures none. */
    abstract String latencyMeaning();

    /** Closes the connections or clients. */
    @Override
    public abstract void close();

    void start() {
        for (int i = 0; i < plan.threads(); i++) {
            int thread = i;
            Thread worker = new Thread(() -> {
                try {
                    work(thread, recorders[thread]);
                } catch (IOException | RuntimeException e) {
                    if (failure.compareAndSet(null, e)) {
                        running = false;
                    }
                }
            }, "hawkeye-bench-" + plan.mode().cliName() + "-" + thread);
            worker.setDaemon(true);
            threads.add(worker);
        }
        threads.forEach(Thread::start);
    }

    boolean running() {
        return running;
    }

    /** Asks every thread to stop after what it is sending, and waits for them. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
    }

    Throwable failure() {
        return failure.get();
    }

    /** The latencies recorded since the last call, every thread's merged. */
    Histogram takeLatencies() {
        Histogram merged = new Histogram(3);
        for (SingleWriterRecorder recorder : recorders) {
            merged.add(recorder.getIntervalHistogram());
        }
        return merged;
    }

    /**
     * What the load knows once settled.
     *
     * @param calls       points the load generated (in {@code batch} mode: recording calls)
     * @param wirePoints  points that went over the wire (fewer than calls when the client aggregates)
     * @param dropped     points the client dropped (full buffer)
     * @param rejected    points the server answered as rejected
     * @param errors      error answers the server sent
     * @param settled     whether everything sent was answered for in time
     * @param firstError  the first error answer or failure, or {@code null}
     */
    record Outcome(long calls, long wirePoints, long dropped, long rejected, long errors, boolean settled, String firstError) {
    }
}
