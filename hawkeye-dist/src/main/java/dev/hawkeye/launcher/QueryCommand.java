package dev.hawkeye.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.client.HawkeyeClient;
import dev.hawkeye.client.QueryGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code hawkeye query KEY --aggregate A --window W [--tag k=v]... [--by TAG]... [--json]}: prints
 * one aggregate over the merged series of the key whose tags match, over the window that ends now,
 * or {@code no data}; with {@code --by}, one line per group, its tags and its value
 * ({@code host=web-1 region=eu  42}), sorted by the tags' values. With {@code --json}
 * {@code {"value": 42}}, or {@code {"groups": [{"tags": {...}, "value": 42}], "groups_left_out": 0}}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Read an aggregate of the series of a key whose tags match, or one per group, from a running hawkeye.")
final class QueryCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "the metric key")
    private String key;

    @Option(names = "--aggregate", required = true, paramLabel = "A",
            description = "count, sum, avg, min, max, last, rate, p50, p90, p95 or p99")
    private String aggregate;

    @Option(names = "--window", required = true, paramLabel = "W", description = "how far back: 30s, 5m, 1h")
    private String window;

    @Mixin
    private TagMatchers tags;

    @Option(names = "--by", paramLabel = "TAG", description = "one value per group of series sharing this tag's value; repeat for several tags")
    private List<String> by = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON document instead of text")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Duration duration = TagMatchers.window(spec.commandLine(), window);
        SeriesSelector selector = tags.selector(spec.commandLine(), key);
        QueryGroups groups;
        try (HawkeyeClient client = connect()) {
            groups = client.query(selector, by, aggregate, duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = out();
        if (json) {
            out.println(toJson(groups, !by.isEmpty()));
        } else if (by.isEmpty()) {
            OptionalDouble value = groups.groups().isEmpty() ? OptionalDouble.empty() : groups.groups().get(0).value();
            out.println(shown(value));
        } else if (groups.groups().isEmpty()) {
            out.println("no data");
        } else {
            Table lines = new Table("GROUP", "VALUE");
            for (QueryGroups.Group group : groups.groups()) {
                StringJoiner label = new StringJoiner(" ");
                group.tags().forEach((tag, value) -> label.add(tag + "=" + value));
                lines.row(label.toString(), shown(group.value()));
            }
            lines.printRows(out);
        }
        out.flush();
        if (groups.groupsLeftOut() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("hawkeye query: " + groups.groupsLeftOut() + " more groups had data but are not shown: a query answers at most "
                    + QueryService.MAX_GROUPS + " groups; narrow it with --tag");
            err.flush();
        }
        return 0;
    }

    private static String shown(OptionalDouble value) {
        return value.isPresent() ? Table.number(value.getAsDouble()) : "no data";
    }

    static String toJson(QueryGroups groups, boolean grouped) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        if (!grouped) {
            putValue(root, groups.groups().isEmpty() ? OptionalDouble.empty() : groups.groups().get(0).value());
        } else {
            ArrayNode list = root.putArray("groups");
            for (QueryGroups.Group group : groups.groups()) {
                ObjectNode node = list.addObject();
                ObjectNode tagValues = node.putObject("tags");
                group.tags().forEach(tagValues::put);
                putValue(node, group.value());
            }
            root.put("groups_left_out", groups.groupsLeftOut());
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void putValue(ObjectNode node, OptionalDouble value) {
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            node.put("value", value.getAsDouble());
        } else {
            node.putNull("value");
        }
    }
}
