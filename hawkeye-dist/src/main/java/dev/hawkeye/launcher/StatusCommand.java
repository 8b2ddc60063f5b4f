package dev.hawkeye.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.client.ClientStatus;
import dev.hawkeye.client.HawkeyeClient;
import dev.hawkeye.client.MonitorState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hawkeye status}: while the store is unavailable a first line saying so
 * ({@code store: unavailable since 2026-11-25T12:00:05Z (redis write failed at ...: Connection refused)}),
 * then the monitors' states as a table, then the counters that are not zero; with {@code --json},
 * one JSON document of every monitor, every counter and the store, for scripts:
 * <pre>{@code
 * {"monitors": [{"name": "checkout-errors", "state": "FIRING", "level": "critical", "value": 1204,
 *                "condition": "count(api.errors{service=checkout}) over 5m", "since": "2026-11-25T12:00:05Z",
 *                "last_notified": "2026-11-25T12:00:05Z"}],
 *  "counters": {"points.accepted": 1500, ...},
 *  "store": {"available": true, "since": null, "reason": null}}
 * }</pre>
 * A value without data, a level, a time that is not known, is {@code null}; times are ISO-8601 UTC.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the monitors' states, the drop counters and whether the store answers, of a running hawkeye.")
final class StatusCommand extends ToolCommand {
    @Option(names = "--json", description = "print one JSON document (monitors, all counters, the store) instead of tables")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        ClientStatus status;
        try (HawkeyeClient client = connect()) {
            status = client.status();
        }
        PrintWriter out = out();
        if (json) {
            out.println(toJson(status));
            out.flush();
            return 0;
        }
        StoreHealth store = status.store();
        if (!store.available()) {
            out.println("store: unavailable since " + Table.instant(store.unavailableSince()) + " (" + store.reason() + ")");
            out.println();
        }
        Table monitors = new Table("MONITOR", "STATE", "LEVEL", "VALUE", "CONDITION", "SINCE", "LAST NOTIFIED");
        for (MonitorState monitor : status.monitors()) {
            String value = monitor.value().isPresent() ? Table.number(monitor.value().getAsDouble()) : null;
            monitors.row(monitor.name(), monitor.state(), monitor.level(), value, monitor.condition(),
                    Table.instant(monitor.since()), Table.instant(monitor.lastNotified()));
        }
        if (monitors.isEmpty()) {
            out.println("no monitors");
        } else {
            monitors.print(out);
        }
        Table counters = new Table("COUNTER", "VALUE");
        for (Map.Entry<String, Long> counter : status.counters().entrySet()) {
            if (counter.getValue() != 0) {
                counters.row(counter.getKey(), Long.toString(counter.getValue()));
            }
        }
        if (!counters.isEmpty()) {
            out.println();
            counters.print(out);
        }
        out.flush();
        return 0;
    }

    static String toJson(ClientStatus status) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode monitors = root.putArray("monitors");
        for (MonitorState monitor : status.monitors()) {
            ObjectNode node = monitors.addObject();
            node.put("name", monitor.name());
            node.put("state", monitor.state());
            node.put("level", monitor.level());
            if (monitor.value().isPresent() && Double.isFinite(monitor.value().getAsDouble())) {
                node.put("value", monitor.value().getAsDouble());
            } else {
                node.putNull("value");
            }
            node.put("condition", monitor.condition());
            node.put("since", monitor.since() == null ? null : monitor.since().toString());
            node.put("last_notified", monitor.lastNotified() == null ? null : monitor.lastNotified().toString());
        }
        ObjectNode counters = root.putObject("counters");
        status.counters().forEach(counters::put);
        ObjectNode store = root.putObject("store");
        store.put("available", status.store().available());
        store.put("since", status.store().unavailableSince() == null ? null : status.store().unavailableSince().toString());
        store.put("reason", status.store().reason());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
