package dev.hawkeye.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.SingleWriterRecorder;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * {@code request} mode: {@code record} requests of one point each; a connection sends its next
 * request once the previous one is answered. Like {@code redis-benchmark}, a thread with several
 * connections drives them from one selector, so that the load generator spends its time on the
 * requests rather than on switching between threads; a thread with one connection waits for each
 * answer in a blocking read. Latency is from the request's write to its answer's last byte.
 * When the load stops, each connection's last request is still answered before the count is taken.
 */
final class RequestLoad extends Load {
    private static final long ID = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long LAST_ANSWER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final byte[][] requests;
    /** The usual answer, compared byte for byte; any other answer is read as JSON. */
    private final byte[] accepted;
    private final List<Channel> channels = new ArrayList<>();
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
            AFUNIXSocketChannel channel;
            try {
                channel = AFUNIXSocketChannel.open(AFUNIXSocketAddress.of(plan.socket()));
            } catch (IOException e) {
                throw new IOException("cannot connect to hawkeye at " + plan.socket() + " (is the server running?): " + e.getMessage(), e);
            }
            channel.configureBlocking(false);
            channels.add(new Channel(channel, (int) (((long) i * requests.length) / plan.connections())));
        }
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) throws IOException {
        if (plan.threads() == plan.connections()) {
            workAlone(thread, channels.get(thread), latency);
            return;
        }
        try (Selector selector = AFUNIXSelectorProvider.provider().openSelector()) {
            List<Channel> owned = new ArrayList<>();
            for (int i = thread; i < channels.size(); i += plan.threads()) {
                Channel channel = channels.get(i);
                channel.channel.register(selector, SelectionKey.OP_READ, channel);
                owned.add(channel);
            }
            for (Channel channel : owned) {
                channel.send();
            }
            Counts counts = new Counts();
            int waiting = owned.size();
            long stoppedAt = 0;
            while (waiting > 0) {
                if (!running() && stoppedAt == 0) {
                    stoppedAt = System.nanoTime();
                }
                if (stoppedAt != 0 && System.nanoTime() - stoppedAt > LAST_ANSWER_WAIT_NANOS) {
                    throw new IOException("hawkeye at " + plan.socket() + " did not answer the last requests within 30s");
                }
                selector.select(100);
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    Channel channel = (Channel) key.attachment();
                    if (channel.readAnswer(latency, counts)) {
                        if (running()) {
                            channel.send();
                        } else {
                            waiting--;
                        }
                    }
                }
                byThread.lazySet(thread * 16, counts.answered);
                byThread.lazySet(thread * 16 + 1, counts.errors);
                byThread.lazySet(thread * 16 + 2, counts.rejected);
            }
        }
    }

    /** A thread with one connection waits for each answer in a blocking read: one system call less than a selector. */
    private void workAlone(int thread, Channel channel, SingleWriterRecorder latency) throws IOException {
        channel.channel.configureBlocking(true);
        Counts counts = new Counts();
        while (running()) {
            channel.send();
            while (!channel.readAnswer(latency, counts)) {
                // the rest of the answer is on its way
            }
            byThread.lazySet(thread * 16, counts.answered);
            byThread.lazySet(thread * 16 + 1, counts.errors);
            byThread.lazySet(thread * 16 + 2, counts.rejected);
        }
    }

    @Override
    long progress() {
        return sum(0);
    }

    @Override
    Outcome settle(Duration timeout) {
        // Every thread waited for its connections' last answers before it stopped: nothing is in flight.
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
    public void close() {
        for (Channel channel : channels) {
            try {
                channel.channel.close();
            } catch (IOException ignored) {
                // the run is over for this connection either way
            }
        }
    }

    /** One thread's counts. */
    private static final class Counts {
        long answered;
        long errors;
        long rejected;
    }

    /** One connection: its next request, its answer bytes so far, when its request left. */
    private final class Channel {
        final AFUNIXSocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private int next;
        private long sentAt;

        Channel(AFUNIXSocketChannel channel, int first) {
            this.channel = channel;
            this.next = first;
        }

        /** Writes the next request (small enough for an empty socket buffer, so it leaves at once). */
        void send() throws IOException {
            ByteBuffer request = ByteBuffer.wrap(requests[next]);
            next = next + 1 == requests.length ? 0 : next + 1;
            sentAt = System.nanoTime();
            while (request.hasRemaining()) {
                channel.write(request);
            }
        }

        /** Reads what came; true once the answer is complete (and judged). */
        boolean readAnswer(SingleWriterRecorder latency, Counts counts) throws IOException {
            if (channel.read(in) < 0) {
                throw new EOFException("hawkeye at " + plan.socket() + " closed the connection");
            }
            int end = in.position();
            byte[] bytes = in.array();
            int newline = -1;
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline < 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("an answer longer than " + in.capacity() + " bytes");
                }
                return false;
            }
            latency.recordValue(System.nanoTime() - sentAt);
            if (!Arrays.equals(bytes, 0, newline, accepted, 0, accepted.length)) {
                int outcome = judge(new String(bytes, 0, newline, StandardCharsets.UTF_8));
                if (outcome < 0) {
                    counts.errors++;
                } else if (outcome == 0) {
                    counts.rejected++;
                }
            }
            counts.answered++;
            // One request in flight: nothing can follow its answer.
            in.clear();
            return true;
        }
    }
}
