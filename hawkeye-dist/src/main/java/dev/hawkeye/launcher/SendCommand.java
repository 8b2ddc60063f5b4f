package dev.hawkeye.launcher;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code hawkeye send KEY [VALUE] [--type T] [--tag k=v]... [--repeat N]}: records one point (or the
 * same point N times, like {@code redis-cli -r}) and waits for the server to take it.
 */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Record one point on a running hawkeye.")
final class SendCommand extends ToolCommand {
    private static final int MAX_REPEAT = 1_000_000;

    @Parameters(index = "0", paramLabel = "KEY", description = "the metric key, e.g. api.errors")
    private String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "the value (default 1 for a counter; required otherwise)")
    private Double value;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "counter", description = "counter, gauge or histogram (default: ${DEFAULT-VALUE})")
    private String type;

    @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "a tag of the series; repeat for several")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "record the point N times, all with the same timestamp (default: ${DEFAULT-VALUE})")
    private int repeat;

    @Override
    public Integer call() throws IOException {
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new ParameterException(spec.commandLine(), "--repeat must be from 1 to " + MAX_REPEAT + "; got " + repeat);
        }
        MetricType metricType = MetricType.fromWireName(type);
        if (value == null && metricType != MetricType.COUNTER) {
            throw new ParameterException(spec.commandLine(), "a " + metricType.wireName() + " needs a VALUE");
        }
        Point point = new Point(Series.of(key, tags), metricType, value == null ? 1 : value, System.currentTimeMillis());
        try (HawkeyeClient client = connect()) {
            for (int i = 0; i < repeat; i++) {
                client.send(point);
            }
        }
        PrintWriter out = out();
        out.println("sent " + point.series() + " " + Table.number(point.value()) + " (" + metricType.wireName() + ")"
                + (repeat == 1 ? "" : " " + repeat + " times"));
        out.flush();
        return 0;
    }
}
