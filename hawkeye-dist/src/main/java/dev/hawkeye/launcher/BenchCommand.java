package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.launcher.bench.Bench;
import dev.hawkeye.launcher.bench.BenchMode;
import dev.hawkeye.launcher.bench.BenchPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code hawkeye bench}: a load generator against a running server, like {@code redis-benchmark}.
 * Exit 0 when the server confirmed every point sent, 1 when it did not or no server answers, 2 for
 * a usage error.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a running hawkeye server: points/s, latency, and whether it kept every point.",
                "Progress goes to standard error; the report to standard output."})
final class BenchCommand extends ToolCommand {
    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "batch",
            description = "batch (the Java client's recordBatch), notify (one point per notification, no answer), "
                    + "request (one point per record request), statsd (StatsD lines over UDP to --statsd) or http (POST /api/v1/points to --http) (default: ${DEFAULT-VALUE})")
    private String mode;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "connections to the server; in batch mode, Java clients (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "threads generating load (default: one per connection; in request mode one, which drives every"
                    + " connection from a selector as redis-benchmark does)")
    private Integer threads;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s",
            description = "how long to measure, e.g. 10s or 1m (default: ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = {"-n", "--points"}, paramLabel = "N", defaultValue = "0",
            description = "end the measured part once N points are counted (--duration is then the most it lasts)")
    private long points;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "3s",
            description = "load before measuring, while the JIT compiles (default: ${DEFAULT-VALUE})")
    private String warmup;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "1000",
            description = "points per recordBatch in batch mode, per POST in http mode, metrics per datagram in statsd mode (default: ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = {"-s", "--series"}, paramLabel = "N", defaultValue = "1000",
            description = "distinct series the points cycle through (default: ${DEFAULT-VALUE})")
    private int series;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "counter",
            description = "counter, gauge or histogram (default: ${DEFAULT-VALUE})")
    private String type;

    @Option(names = "--tags", paramLabel = "N", defaultValue = "0",
            description = "tags per series, each tagI=value-<series number>, 0 to 16 (default: ${DEFAULT-VALUE})")
    private int tags;

    @Option(names = "--client-aggregation",
            description = "batch mode: let the Java client sum counters and keep the last gauge per series between sends")
    private boolean clientAggregation;

    @Option(names = "--bad-client",
            description = "meanwhile, a second client sends malformed, invalid and oversize messages")
    private boolean badClient;

    @Option(names = "--bad-rate", paramLabel = "N", defaultValue = "1000",
            description = "the bad client's messages per second (default: ${DEFAULT-VALUE})")
    private int badRate;

    @Option(names = "--live-heap",
            description = "run a full garbage collection in the server (jcmd GC.run) before reading its heap, so that"
                    + " the heap shown is what is live")
    private boolean liveHeap;

    @Option(names = "--statsd", paramLabel = "ADDR",
            description = "statsd mode: the server's statsd UDP address, e.g. 127.0.0.1:8125")
    private String statsd;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "statsd mode: metrics per second to send (default: as many as the threads can)")
    private long rate;

    @Option(names = "--send-only",
            description = "statsd mode: only send (to any StatsD server, e.g. Etsy StatsD); read and verify nothing")
    private boolean sendOnly;

    @Option(names = "--http", paramLabel = "ADDR",
            description = "http mode: the server's HTTP address, e.g. 127.0.0.1:9466")
    private String http;

    @Option(names = "--json", description = "print the report as one JSON object")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        BenchPlan plan;
        try {
            BenchMode benchMode = BenchMode.fromCliName(mode);
            int defaultThreads = benchMode == BenchMode.REQUEST ? 1 : connections;
            plan = new BenchPlan(socket(), benchMode, connections, threads == null ? defaultThreads : threads,
                    duration("--duration", duration), duration("--warmup", warmup), batchSize, series,
                    MetricType.fromWireName(type), tags, clientAggregation, badClient, badRate, points, liveHeap,
                    statsd == null ? null : address(statsd, "--statsd"), rate, sendOnly,
                    http == null ? null : address(http, "--http"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new Bench(plan, out(), spec.commandLine().getErr()).run(json);
    }

    /** {@code host:port} (or {@code :port} on 127.0.0.1) of {@code option}. */
    private static InetSocketAddress address(String text, String option) {
        int colon = text.lastIndexOf(':');
        try {
            return new InetSocketAddress(colon <= 0 ? "127.0.0.1" : text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be host:port such as 127.0.0.1:8125; got '" + text + "'");
        }
    }

    private Duration duration(String option, String text) {
        return PluginConfig.parseDuration(text).orElseThrow(() -> new ParameterException(spec.commandLine(),
                option + " must be a duration such as 10s, 500ms or 1m; got '" + text + "'"));
    }
}
