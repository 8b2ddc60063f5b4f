package dev.hawkeye.launcher.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code hawkeye bench} sends its points. */
public enum BenchMode {
    /** The Java client ({@code HawkeyeClient}): points buffered and sent in {@code recordBatch} requests. */
    BATCH,
    /** One point per JSON-RPC notification ({@code record} without an id), nothing answered, written back to back. */
    NOTIFY,
    /** One point per {@code record} request, each connection waiting for the answer before the next. */
    REQUEST,
    /** StatsD lines in UDP datagrams to the server's {@code statsd} transport, nothing answered. */
    STATSD,
    /** {@code POST /api/v1/points} of {@code --batch-size} points to the server's HTTP API, one request at a time per thread. */
    HTTP;

    /** The name on the command line: {@code batch}, {@code notify}, {@code request}, {@code statsd}, {@code http}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the modes when {@code name} is none of them
     */
    public static BenchMode fromCliName(String name) {
        for (BenchMode mode : values()) {
            if (mode.cliName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; expected one of "
                + Arrays.stream(values()).map(BenchMode::cliName).collect(Collectors.joining(", ")));
    }
}
