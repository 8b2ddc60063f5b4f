package dev.hawkeye.launcher.bench;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * {@code batch} mode: threads record points through {@link HawkeyeClient}s (one per connection),
 * whose sender threads ship them in {@code recordBatch} requests (with {@code --client-aggregation},
 * counters and gauges are first summed or last-valued per series on the client, so far fewer points
 * go over the wire than are recorded). The client never blocks and
 * drops what its buffer cannot hold, so each thread holds back while its client's buffer is more
 * than half full: a benchmark that drops points measures nothing. One call in
 * {@value #SAMPLE_EVERY} is timed.
 */
final class BatchLoad extends Load {
    private static final int SAMPLE_EVERY = 64;
    private static final int CHECK_EVERY = 256;
    private static final long PAUSE_NANOS = 50_000;

    private final String[] keys;
    private final String[][] tags;
    private final double[] values;
    private final int bufferSize;
    private final List<HawkeyeClient> clients = new ArrayList<>();
    private final AtomicLongArray callsByThread;

    BatchLoad(BenchPlan plan) {
        super(plan);
        this.keys = new String[plan.series()];
        this.tags = new String[plan.series()][];
        this.values = new double[plan.series()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = plan.key(i);
            tags[i] = plan.tags(i);
            values[i] = Messages.value(plan.type(), i);
        }
        this.bufferSize = Math.max(100_000, plan.batchSize() * 64);
        this.callsByThread = new AtomicLongArray(plan.threads() * 16);
    }

    @Override
    void open() throws IOException {
        for (int i = 0; i < plan.connections(); i++) {
            HawkeyeClient client = HawkeyeClient.builder()
                    .socket(plan.socket())
                    .bufferSize(bufferSize)
                    .maxBatchSize(plan.batchSize())
                    .flushInterval(Duration.ofMillis(100))
                    .requestTimeout(Duration.ofSeconds(30))
                    .flushTimeout(Duration.ofSeconds(60))
                    .aggregation(plan.clientAggregation())
                    .build();
            clients.add(client);
            client.ping();
        }
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) {
        HawkeyeClient client = clients.get(thread % clients.size());
        int next = (int) (((long) thread * keys.length) / plan.threads());
        long calls = 0;
        int highWater = bufferSize / 2;
        while (running()) {
            for (int i = 0; i < CHECK_EVERY; i++) {
                if ((i & (SAMPLE_EVERY - 1)) == 0) {
                    long start = System.nanoTime();
                    record(client, next);
                    latency.recordValue(System.nanoTime() - start);
                } else {
                    record(client, next);
                }
                next = next + 1 == keys.length ? 0 : next + 1;
            }
            calls += CHECK_EVERY;
            callsByThread.lazySet(thread * 16, calls);
            // Park rather than spin: on a small machine a spinning thread takes the core the server needs.
            while (client.bufferedPoints() > highWater && running()) {
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    private void record(HawkeyeClient client, int index) {
        switch (plan.type()) {
            case COUNTER -> client.increment(keys[index], tags[index]);
            case GAUGE -> client.gauge(keys[index], values[index], tags[index]);
            case HISTOGRAM -> client.histogram(keys[index], values[index], tags[index]);
        }
    }

    /**
     * Points the server has answered for; with client-side aggregation, the recording calls made
     * (the server sees their sums), since that is what aggregation makes cheap.
     */
    @Override
    long progress() {
        if (plan.clientAggregation()) {
            return calls();
        }
        long total = 0;
        for (HawkeyeClient client : clients) {
            total += client.sentPoints();
        }
        return total;
    }

    private long calls() {
        long calls = 0;
        for (int i = 0; i < plan.threads(); i++) {
            calls += callsByThread.get(i * 16);
        }
        return calls;
    }

    @Override
    Outcome settle(Duration timeout) {
        boolean settled = true;
        for (HawkeyeClient client : clients) {
            settled &= client.flush(timeout);
        }
        long calls = calls();
        long sent = 0;
        long rejected = 0;
        long dropped = 0;
        for (HawkeyeClient client : clients) {
            sent += client.sentPoints();
            rejected += client.rejectedPoints();
            dropped += client.droppedPoints();
        }
        return new Outcome(calls, sent + rejected, dropped, rejected, 0, settled, null);
    }

    @Override
    String latencyMeaning() {
        return "one recording call on the caller's thread (1 in " + SAMPLE_EVERY + " timed)";
    }

    @Override
    public void close() {
        clients.forEach(HawkeyeClient::close);
    }
}
