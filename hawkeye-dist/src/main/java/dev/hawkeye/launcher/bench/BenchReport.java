package dev.hawkeye.launcher.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run, printed as text or as one JSON object. A run fails when the server did
 * not confirm every point sent: {@link #problems} says what was lost.
 *
 * @param measuredPoints  points counted in the measured part ({@code batch}: answered by the server, or with client
 *                        aggregation recorded; otherwise sent)
 * @param measuredSeconds how long the measured part lasted
 * @param latency         the measured part's latencies, or {@code null} when the mode has none
 * @param latencyMeaning  what a latency is, or {@code null}
 * @param outcome         what the load knows once settled
 * @param serverAccepted  how much the server's {@code points.accepted} grew during the run
 * @param serverRejected  how much its {@code points.rejected} and {@code transport.points.invalid} grew
 * @param memory          the server's memory after the run
 * @param bad             what the bad client did, or {@code null} without one
 * @param problems        why the run failed; empty when it did not
 */
record BenchReport(BenchPlan plan, long measuredPoints, double measuredSeconds, LatencySummary latency,
                   String latencyMeaning, Load.Outcome outcome, long serverAccepted, long serverRejected,
                   ServerProbe.Memory memory, BadClient.Tally bad, List<String> problems) {

    BenchReport {
        problems = List.copyOf(problems);
    }

    double pointsPerSecond() {
        return measuredSeconds > 0 ? measuredPoints / measuredSeconds : 0;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    void printText(PrintWriter out) {
        boolean liveHeap = plan.liveHeap();
        out.println("hawkeye bench: " + plan.describe());
        out.println(String.format(Locale.ROOT, "  throughput  %,.0f %s/s (%,d in %.2fs)", pointsPerSecond(),
                plan.clientAggregation() ? "recorded points (aggregated on the client)" : "points", measuredPoints, measuredSeconds));
        if (latency != null) {
            out.println(String.format(Locale.ROOT, "  latency     p50 %s, p90 %s, p99 %s, p99.9 %s, max %s µs (%s; %,d samples)",
                    micros(latency.p50()), micros(latency.p90()), micros(latency.p99()), micros(latency.p999()),
                    micros(latency.max()), latencyMeaning, latency.samples()));
        }
        String calls = outcome.calls() != outcome.wirePoints()
                ? String.format(Locale.ROOT, "recorded %,d, ", outcome.calls()) : "";
        out.println(String.format(Locale.ROOT, "  points      %ssent %,d, confirmed by the server %,d (points.accepted +%,d),"
                        + " rejected %,d, dropped by the client %,d, error answers %,d", calls, outcome.wirePoints(),
                serverAccepted, serverAccepted, serverRejected, outcome.dropped(), outcome.errors()));
        out.println("  server      " + describe(memory, liveHeap));
        if (bad != null) {
            out.println(String.format(Locale.ROOT, "  bad client  %,d malformed, %,d invalid, %,d oversize messages sent;"
                    + " %,d error answers, %,d connections closed by the server", bad.malformed(), bad.invalid(),
                    bad.oversize(), bad.errorAnswers(), bad.closedByServer()));
        }
        if (ok()) {
            out.println("OK: the server confirmed every point sent");
        } else {
            out.println("FAILED: " + String.join("; ", problems));
        }
        out.flush();
    }

    void printJson(PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", plan.mode().cliName());
        root.put("connections", plan.connections());
        root.put("threads", plan.threads());
        root.put("durationSeconds", plan.duration().toMillis() / 1000.0);
        root.put("warmupSeconds", plan.warmup().toMillis() / 1000.0);
        root.put("batchSize", plan.batchSize());
        root.put("series", plan.series());
        root.put("tags", plan.tags());
        root.put("type", plan.type().wireName());
        root.put("clientAggregation", plan.clientAggregation());
        root.put("pointsLimit", plan.points());
        root.put("pointsPerSecond", Math.round(pointsPerSecond()));
        root.put("measuredPoints", measuredPoints);
        root.put("measuredSeconds", measuredSeconds);
        if (latency != null) {
            ObjectNode node = root.putObject("latencyMicros");
            node.put("measures", latencyMeaning);
            node.put("samples", latency.samples());
            node.put("p50", latency.p50());
            node.put("p90", latency.p90());
            node.put("p99", latency.p99());
            node.put("p999", latency.p999());
            node.put("max", latency.max());
            node.put("mean", latency.mean());
        } else {
            root.putNull("latencyMicros");
        }
        root.put("calls", outcome.calls());
        root.put("pointsSent", outcome.wirePoints());
        root.put("serverAccepted", serverAccepted);
        root.put("serverRejected", serverRejected);
        root.put("clientDropped", outcome.dropped());
        root.put("errorAnswers", outcome.errors());
        ObjectNode server = root.putObject("server");
        server.put("pid", memory.pid());
        server.put("rssKib", memory.rssKib());
        server.put("peakRssKib", memory.peakRssKib());
        server.put("heapUsedKib", memory.heapUsedKib());
        server.put("heapCommittedKib", memory.heapTotalKib());
        server.put("heapAfterFullGc", plan.liveHeap());
        if (bad != null) {
            ObjectNode node = root.putObject("badClient");
            node.put("ratePerSecond", plan.badRate());
            node.put("malformed", bad.malformed());
            node.put("invalid", bad.invalid());
            node.put("oversize", bad.oversize());
            node.put("errorAnswers", bad.errorAnswers());
            node.put("closedByServer", bad.closedByServer());
        }
        root.put("ok", ok());
        problems.forEach(root.putArray("problems")::add);
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    private static String micros(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String describe(ServerProbe.Memory memory, boolean liveHeap) {
        if (memory.pid() <= 0) {
            return "process unknown (the socket did not tell its peer's pid)";
        }
        StringBuilder text = new StringBuilder("pid ").append(memory.pid());
        if (memory.rssKib() >= 0) {
            text.append(String.format(Locale.ROOT, ", RSS %,d MiB (peak %,d MiB)", memory.rssKib() / 1024, memory.peakRssKib() / 1024));
        } else {
            text.append(", RSS unknown");
        }
        if (memory.heapUsedKib() >= 0) {
            text.append(String.format(Locale.ROOT, ", heap %,d MiB %s of %,d MiB committed", memory.heapUsedKib() / 1024,
                    liveHeap ? "live (after a full GC)" : "used", memory.heapTotalKib() / 1024));
        } else {
            text.append(", heap unknown (jcmd could not attach)");
        }
        return text.toString();
    }
}
