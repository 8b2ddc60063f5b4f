package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@code hawkeye bench} against a running server: warm-up, measured part, then a check
 * that the server confirmed every point sent (its {@code points.accepted} counter before and
 * after), and the server's memory. Progress goes to standard error once a second; the report to
 * standard output.
 */
public final class Bench {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCEPTED = "points.accepted";
    private static final List<String> REJECTED = List.of("points.rejected", "transport.points.invalid");

    private final BenchPlan plan;
    private final PrintWriter out;
    private final PrintWriter err;

    public Bench(BenchPlan plan, PrintWriter out, PrintWriter err) {
        this.plan = plan;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the benchmark and prints its report.
     *
     * @param json print the report as one JSON object instead of text
     * @return 0 when the server confirmed every point sent, 1 when it did not
     * @throws IOException when no server answers on the socket
     */
    public int run(boolean json) throws IOException, InterruptedException {
        if (plan.sendOnly()) {
            return sendOnly(json);
        }
        ServerProbe probe = new ServerProbe(plan.socket());
        Map<String, Long> before = probe.counters();
        long pid = probe.pid();
        err.println("hawkeye bench: " + plan.describe() + "; server pid " + (pid > 0 ? pid : "unknown"));
        err.flush();

        BenchReport report;
        try (Load load = load(); BadClient bad = plan.badClient() ? new BadClient(plan.socket(), plan.badRate()) : null) {
            Measured measured = drive(load, bad);
            Load.Outcome outcome = load.settle(SETTLE_TIMEOUT);
            BadClient.Tally tally = null;
            if (bad != null) {
                bad.close();
                tally = bad.tally();
            }
            Map<String, Long> after = probe.counters();
            long accepted = delta(before, after, ACCEPTED);
            long rejected = REJECTED.stream().mapToLong(name -> delta(before, after, name)).sum();
            List<String> problems = Verdict.problems(load.failure(), outcome, accepted, SETTLE_TIMEOUT);
            report = new BenchReport(plan, measured.points(), measured.seconds(),
                    LatencySummary.of(measured.latencies()), load.latencyMeaning(), outcome, accepted, rejected,
                    probe.memory(pid, plan.liveHeap()), tally, problems);
        }
        if (json) {
            report.printJson(out);
        } else {
            report.printText(out);
        }
        return report.ok() ? 0 : 1;
    }

    /** Sends as a measured run does, and reports only what was sent: the server is not hawkeye's, or not asked. */
    private int sendOnly(boolean json) throws IOException, InterruptedException {
        err.println("hawkeye bench: " + plan.describe() + "; sending only");
        err.flush();
        try (StatsdLoad load = new StatsdLoad(plan, null)) {
            Measured measured = drive(load, null);
            double seconds = measured.seconds();
            long total = load.progress();
            if (json) {
                out.println(String.format(Locale.ROOT, "{\"mode\":\"statsd\",\"sendOnly\":true,\"sent\":%d,\"measured\":%d,"
                        + "\"seconds\":%.3f,\"perSecond\":%.0f}", total, measured.points(), seconds, measured.points() / seconds));
            } else {
                out.println(String.format(Locale.ROOT, "  sent        %,d metrics in all; %,.0f metrics/s measured (%,d in %.2fs); nothing verified",
                        total, measured.points() / seconds, measured.points(), seconds));
            }
            out.flush();
            return load.failure() == null ? 0 : 1;
        }
    }

    /** What the measured part of a run sent, in how long, and the latencies recorded meanwhile. */
    private record Measured(long points, double seconds, Histogram latencies) {
    }

    /**
     * Runs the load (and the bad client, when there is one) through the warm-up and the measured
     * part, printing progress, then stops it; the load is not settled yet.
     */
    private Measured drive(Load load, BadClient bad) throws IOException, InterruptedException {
        load.open();
        long started = System.nanoTime();
        load.start();
        if (bad != null) {
            bad.start();
        }
        Progress progress = new Progress(load, started);
        progress.start();
        long measureFrom = waitUntil(load, started + plan.warmup().toNanos(), Long.MAX_VALUE);
        load.takeLatencies();
        long pointsAtStart = load.progress();
        long measureTo = waitUntil(load, measureFrom + plan.duration().toNanos(),
                plan.points() > 0 ? pointsAtStart + plan.points() : Long.MAX_VALUE);
        long pointsAtEnd = load.progress();
        Histogram latencies = load.takeLatencies();
        load.stop();
        progress.stop();
        return new Measured(pointsAtEnd - pointsAtStart, (measureTo - measureFrom) / 1e9, latencies);
    }

    private Load load() {
        return switch (plan.mode()) {
            case BATCH -> new BatchLoad(plan);
            case NOTIFY -> new NotifyLoad(plan);
            case REQUEST -> new RequestLoad(plan);
            case STATSD -> new StatsdLoad(plan, new ServerProbe(plan.socket()));
            case HTTP -> new HttpLoad(plan);
        };
    }

    /**
     * Sleeps until {@code deadline} (a nanoTime), until the load has counted {@code points}, or until
     * it fails; returns the time it woke.
     */
    private static long waitUntil(Load load, long deadline, long points) throws InterruptedException {
        long now;
        long pause = TimeUnit.MILLISECONDS.toNanos(points == Long.MAX_VALUE ? 50 : 1);
        while ((now = System.nanoTime()) < deadline && load.failure() == null && load.progress() < points) {
            TimeUnit.NANOSECONDS.sleep(Math.min(deadline - now, pause));
        }
        return now;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String counter) {
        return after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
    }

    /** Prints the rate of the last second to standard error, once a second, while the load runs. */
    private final class Progress {
        private final Load load;
        private final long started;
        private final Thread thread;
        private volatile boolean running = true;

        Progress(Load load, long started) {
            this.load = load;
            this.started = started;
            this.thread = new Thread(this::run, "hawkeye-bench-progress");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        private void run() {
            long lastTime = started;
            long lastPoints = 0;
            long warmupEnd = started + plan.warmup().toNanos();
            long total = plan.warmup().toNanos() + plan.duration().toNanos();
            while (running) {
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long points = load.progress();
                double rate = (points - lastPoints) / ((now - lastTime) / 1e9);
                err.println(String.format(Locale.ROOT, "  %5.1fs/%.0fs %s %,12.0f points/s  (%,d in all)",
                        (now - started) / 1e9, total / 1e9, now < warmupEnd ? "warm-up " : "measured", rate, points));
                err.flush();
                lastTime = now;
                lastPoints = points;
            }
        }
    }
}
