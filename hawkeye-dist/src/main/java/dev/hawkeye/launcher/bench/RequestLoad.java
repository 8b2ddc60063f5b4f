package dev.hawkeye.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * {@code request} mode: {@code record} requests of one point each; a connection sends its next
 * request once the previous one is answered. A thread that owns several connections sends on each
 * of them, then reads each answer, so its connections' requests overlap. Latency is from the
 * request's write to its answer's last byte.
 */
final class RequestLoad extends Load {
    private static final long ID = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final byte[][] requests;
    /** The usual answer, compared byte for byte; any other answer is read as JSON. */
    private final byte[] accepted;
    private final List<RawConnection> connections = new ArrayList<>();
    private final AtomicLongArray byThread;
    private final AtomicReference<String> firstError = new AtomicReference<>();

    RequestLoad(BenchPlan plan) {
        super(plan);
        this.requests = new byte[plan.series()][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Messages.request(plan, i, ID);
        }
        this.accepted = ("{\"jsonrpc\":\"2.0\",\"id\":" + ID + ",\"result\":{\"accepted\":1,\"rejected\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        // Per thread: [16 * t] answered, [16 * t + 1] errors, [16 * t + 2] rejected; 16 apart against false sharing.
        this.byThread = new AtomicLongArray(plan.threads() * 16);
    }

    @Override
    void open() throws IOException {
        for (int i = 0; i < plan.connections(); i++) {
            connections.add(RawConnection.open(plan.socket(), 30_000));
        }
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) throws IOException {
        List<RawConnection> owned = new ArrayList<>();
        for (int i = thread; i < connections.size(); i += plan.threads()) {
            owned.add(connections.get(i));
        }
        long[] sentAt = new long[owned.size()];
        int[] next = new int[owned.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = (int) (((long) (thread + i * plan.threads()) * requests.length) / plan.connections());
        }
        long answered = 0;
        long errors = 0;
        long rejected = 0;
        while (running()) {
            for (int i = 0; i < owned.size(); i++) {
                sentAt[i] = System.nanoTime();
                owned.get(i).write(requests[next[i]]);
                next[i] = next[i] + 1 == requests.length ? 0 : next[i] + 1;
            }
            for (int i = 0; i < owned.size(); i++) {
                RawConnection connection = owned.get(i);
                connection.readLine();
                latency.recordValue(System.nanoTime() - sentAt[i]);
                if (!connection.lineEquals(accepted)) {
                    int outcome = judge(connection.line());
                    if (outcome < 0) {
                        errors++;
                    } else if (outcome == 0) {
                        rejected++;
                    }
                }
                answered++;
            }
            byThread.lazySet(thread * 16, answered);
            byThread.lazySet(thread * 16 + 1, errors);
            byThread.lazySet(thread * 16 + 2, rejected);
        }
    }

    /** 1 when the answer accepted the point, 0 when it rejected it, -1 for an error answer. */
    private int judge(String line) {
        try {
            JsonNode answer = MAPPER.readTree(line);
            JsonNode result = answer.get("result");
            if (result != null && result.path("accepted").asLong() == 1) {
                return 1;
            }
            firstError.compareAndSet(null, line);
            return result != null ? 0 : -1;
        } catch (IOException e) {
            firstError.compareAndSet(null, line);
            return -1;
        }
    }

    @Override
    long progress() {
        return sum(0);
    }

    @Override
    Outcome settle(Duration timeout) {
        // Every request was answered before its thread stopped: nothing is in flight.
        long answered = sum(0);
        return new Outcome(answered, answered, 0, sum(2), sum(1), true, firstError.get());
    }

    @Override
    String latencyMeaning() {
        return "record request to its answer";
    }

    private long sum(int slot) {
        long total = 0;
        for (int i = 0; i < plan.threads(); i++) {
            total += byThread.get(i * 16 + slot);
        }
        return total;
    }

    @Override
    public void close() {
        connections.forEach(RawConnection::close);
    }
}
