package dev.hawkeye.launcher;

import dev.hawkeye.client.ClientStatus;
import dev.hawkeye.client.HawkeyeClient;
import dev.hawkeye.client.MonitorState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code hawkeye status}: the monitors' states as a table, then the counters that are not zero. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the monitors' states and the drop counters of a running hawkeye.")
final class StatusCommand extends ToolCommand {
    @Override
    public Integer call() throws IOException {
        ClientStatus status;
        try (HawkeyeClient client = connect()) {
            status = client.status();
        }
        PrintWriter out = out();
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
}
