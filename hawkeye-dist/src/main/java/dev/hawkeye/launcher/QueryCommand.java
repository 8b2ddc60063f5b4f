package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code hawkeye query KEY --aggregate A --window W [--tag k=v]...}: prints one aggregate of a
 * series over the window that ends now, or {@code no data}.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Read an aggregate of a series from a running hawkeye.")
final class QueryCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "the metric key")
    private String key;

    @Option(names = "--aggregate", required = true, paramLabel = "A", description = "count, sum, avg, min, max, last or rate")
    private String aggregate;

    @Option(names = "--window", required = true, paramLabel = "W", description = "how far back: 30s, 5m, 1h")
    private String window;

    @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "a tag of the series; repeat for several")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        Duration duration = PluginConfig.parseDuration(window).filter(d -> !d.isZero())
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--window must be a duration such as 30s, 5m or 1h; got '" + window + "'"));
        OptionalDouble value;
        try (HawkeyeClient client = connect()) {
            value = client.query(key, tags, aggregate, duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
        }
        PrintWriter out = out();
        out.println(value.isPresent() ? Table.number(value.getAsDouble()) : "no data");
        out.flush();
        return 0;
    }
}
