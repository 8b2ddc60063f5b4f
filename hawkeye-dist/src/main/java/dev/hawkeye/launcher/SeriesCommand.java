package dev.hawkeye.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.client.HawkeyeClient;
import dev.hawkeye.client.SeriesListing;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code hawkeye series [KEY] [--tag k=v]... [--window 1h] [--json]}: one line per series that has
 * a point in the window, sorted by key and then tags: the series ({@code key{tag=value,...}}), its
 * type, its last point's time and value, or {@code no series}. With {@code --json}
 * {@code {"series": [{"key", "tags", "type", "last_point_at", "last_value"}], "truncated": false}}.
 */
@Command(name = "series", mixinStandardHelpOptions = true,
        description = "List the series a running hawkeye holds (of a key, whose tags match), with their type and last point.")
final class SeriesCommand extends ToolCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "the metric key (default: every key)")
    private String key;

    @Mixin
    private TagMatchers tags;

    @Option(names = "--window", paramLabel = "W", defaultValue = "1h",
            description = "only series with a point this far back: 30s, 5m, 1h (default: ${DEFAULT-VALUE})")
    private String window;

    @Option(names = "--json", description = "print one JSON document instead of text")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Duration duration = TagMatchers.window(spec.commandLine(), window);
        SeriesSelector selector = tags.selector(spec.commandLine(), key);
        SeriesListing listing;
        try (HawkeyeClient client = connect()) {
            listing = client.series(selector, duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = out();
        if (json) {
            out.println(toJson(listing));
        } else if (listing.series().isEmpty()) {
            out.println("no series");
        } else {
            Table lines = new Table("SERIES", "TYPE", "LAST POINT", "LAST VALUE");
            for (SeriesInfo info : listing.series()) {
                lines.row(info.series().toString(), info.type().wireName(), Table.instant(info.lastPointAt()),
                        Table.number(info.lastValue()));
            }
            lines.printRows(out);
        }
        out.flush();
        if (listing.truncated()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("hawkeye series: the listing stops at " + QueryService.MAX_SERIES + " series; narrow it with KEY or --tag");
            err.flush();
        }
        return 0;
    }

    static String toJson(SeriesListing listing) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("series");
        for (SeriesInfo info : listing.series()) {
            ObjectNode node = list.addObject();
            node.put("key", info.series().key());
            ObjectNode tagValues = node.putObject("tags");
            info.series().tags().forEach(tagValues::put);
            node.put("type", info.type().wireName());
            node.put("last_point_at", info.lastPointAt().toString());
            if (Double.isFinite(info.lastValue())) {
                node.put("last_value", info.lastValue());
            } else {
                node.putNull("last_value");
            }
        }
        root.put("truncated", listing.truncated());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
