package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * {@code statsd} mode: datagrams of {@code --batch-size} StatsD lines each, sent over UDP from one
 * socket per thread, at {@code --rate} metrics per second or as fast as the threads go. UDP answers
 * nothing, so the server is settled when its {@code points.accepted} stops growing; what it did not
 * take was lost (in the kernel's buffer or on the way), and the verdict says how much.
 */
final class StatsdLoad extends Load {
    private static final String ACCEPTED = "points.accepted";
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final ServerProbe probe;
    private final List<Datagram> datagrams;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final SentTally tally;
    private long acceptedBefore;

    /** @param probe the hawkeye server's counters, or null when only sending ({@link BenchPlan#sendOnly}) */
    StatsdLoad(BenchPlan plan, ServerProbe probe) {
        super(plan);
        this.probe = probe;
        this.datagrams = datagrams(plan);
        this.tally = new SentTally(plan.threads());
    }

    /** One datagram as sent, and the lines it holds. */
    record Datagram(ByteBuffer bytes, int lines) {
    }

    /** Every series once, {@code batchSize} lines a datagram (the last may hold fewer). */
    static List<Datagram> datagrams(BenchPlan plan) {
        List<Datagram> out = new ArrayList<>();
        StringBuilder datagram = new StringBuilder();
        int lines = 0;
        String type = switch (plan.type()) {
            case COUNTER -> "c";
            case GAUGE -> "g";
            case HISTOGRAM -> "ms";
        };
        for (int index = 0; index < plan.series(); index++) {
            datagram.append(plan.key(index)).append(':').append(1 + index % 100).append('|').append(type);
            String[] tags = plan.tags(index);
            for (int tag = 0; tag < tags.length; tag += 2) {
                datagram.append(tag == 0 ? "|#" : ",").append(tags[tag]).append(':').append(tags[tag + 1]);
            }
            datagram.append('\n');
            if (++lines == plan.batchSize() || index == plan.series() - 1) {
                byte[] bytes = datagram.toString().getBytes(StandardCharsets.UTF_8);
                out.add(new Datagram(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(), lines));
                datagram.setLength(0);
                lines = 0;
            }
        }
        return out;
    }

    @Override
    void open() throws IOException {
        acceptedBefore = probe == null ? 0 : probe.counters().getOrDefault(ACCEPTED, 0L);
        for (int i = 0; i < plan.threads(); i++) {
            DatagramChannel channel = DatagramChannel.open();
            channel.connect(plan.statsd());
            channels.add(channel);
        }
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) throws IOException {
        DatagramChannel channel = channels.get(thread);
        int[] lines = new int[datagrams.size()];
        ByteBuffer[] buffers = new ByteBuffer[datagrams.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = datagrams.get(i).bytes().duplicate();
            lines[i] = datagrams.get(i).lines();
        }
        double nanosPerMetric = plan.rate() == 0 ? 0 : 1e9 * plan.threads() / plan.rate();
        long started = System.nanoTime();
        int next = (thread * buffers.length) / plan.threads();
        long sent = 0;
        while (running()) {
            if (nanosPerMetric > 0) {
                long due = started + (long) (sent * nanosPerMetric);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(1)));
                    continue;
                }
            }
            ByteBuffer buffer = buffers[next];
            buffer.rewind();
            channel.write(buffer);
            sent += lines[next];
            tally.set(thread, sent);
            next = next + 1 == buffers.length ? 0 : next + 1;
        }
    }

    @Override
    long progress() {
        return tally.total();
    }

    @Override
    Outcome settle(Duration timeout) throws IOException {
        long sent = progress();
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long accepted = probe.counters().getOrDefault(ACCEPTED, 0L) - acceptedBefore;
            if (accepted >= sent) {
                break;
            }
            if (accepted != last) {
                last = accepted;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Settled: everything the server will ever take from UDP it has taken; the verdict counts the rest as lost.
        return new Outcome(sent, sent, 0, 0, 0, true, null);
    }

    @Override
    String latencyMeaning() {
        return null;
    }

    @Override
    public void close() {
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a UDP socket that sent: nothing to lose
            }
        }
    }
}
