package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * {@code notify} mode: notifications (no id, no answer) written back to back in blocks of about
 * 64 KiB, each thread cycling over its connections. The server is settled when a {@code ping} sent
 * after the last block is answered on every connection: it runs a connection's messages in order.
 */
final class NotifyLoad extends Load {
    private static final String DRAIN_ID = "hawkeye-bench-drain";

    private final List<Messages.Block> blocks;
    private final List<RawConnection> connections = new ArrayList<>();
    private final SentTally tally;

    NotifyLoad(BenchPlan plan) {
        super(plan);
        this.blocks = Messages.notificationBlocks(plan);
        this.tally = new SentTally(plan.threads());
    }

    @Override
    void open() throws IOException {
        for (int i = 0; i < plan.connections(); i++) {
            connections.add(RawConnection.open(plan.socket(), 30_000));
        }
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) throws IOException {
        List<RawConnection> owned = owned(thread);
        // Threads start at different blocks so that connections do not all send the same series at once.
        int next = (thread * blocks.size()) / plan.threads();
        long sent = 0;
        while (running()) {
            Messages.Block block = blocks.get(next);
            for (RawConnection connection : owned) {
                connection.write(block.bytes());
                sent += block.points();
            }
            tally.set(thread, sent);
            next = next + 1 == blocks.size() ? 0 : next + 1;
        }
    }

    @Override
    long progress() {
        return tally.total();
    }

    @Override
    Outcome settle(Duration timeout) throws IOException {
        byte[] ping = Messages.ping(DRAIN_ID);
        byte[] marker = ("\"" + DRAIN_ID + "\"").getBytes(StandardCharsets.UTF_8);
        long errors = 0;
        String firstError = null;
        boolean settled = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (RawConnection connection : connections) {
            connection.write(ping);
            try {
                while (true) {
                    if (System.nanoTime() > deadline) {
                        settled = false;
                        break;
                    }
                    connection.readLine();
                    String line = connection.line();
                    if (line.contains(new String(marker, StandardCharsets.UTF_8))) {
                        break;
                    }
                    // A notification is never answered; anything else is an error the server could not tie to one.
                    errors++;
                    if (firstError == null) {
                        firstError = line;
                    }
                }
            } catch (SocketTimeoutException e) {
                settled = false;
            }
        }
        long sent = progress();
        return new Outcome(sent, sent, 0, 0, errors, settled, firstError);
    }

    @Override
    String latencyMeaning() {
        return null;
    }

    private List<RawConnection> owned(int thread) {
        List<RawConnection> owned = new ArrayList<>();
        for (int i = thread; i < connections.size(); i += plan.threads()) {
            owned.add(connections.get(i));
        }
        return owned;
    }

    @Override
    public void close() {
        connections.forEach(RawConnection::close);
    }
}
