package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notification.Kind;
import dev.hawkeye.api.notify.Notification.Reason;
import dev.hawkeye.api.notify.NotifierFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ConsoleNotifierTest {
    private static final Instant SINCE = Instant.parse("2024-05-01T12:00:00Z");
    private static final Instant AT = Instant.parse("2024-05-01T12:05:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleNotifier console = new ConsoleNotifier(new PrintStream(bytes, false, StandardCharsets.UTF_8));

    @Test
    void printsOneFiringLineWithMonitorLevelValueConditionAndRecipients() throws Exception {
        console.send(notification(Kind.FIRING, Reason.STARTED, 1200, List.of("oncall@example.com", "cto@example.com")));

        assertThat(output()).isEqualTo("2024-05-01T12:05:00Z FIRING checkout-errors level=critical value=1200"
                + " count(api.errors) >= 1000 over 5m to=oncall@example.com,cto@example.com" + System.lineSeparator());
    }

    @Test
    void saysWhyAFiringThatIsNotAStartGoesOut() throws Exception {
        console.send(notification(Kind.FIRING, Reason.ESCALATED, 1200, List.of("a@example.com")));
        console.send(notification(Kind.FIRING, Reason.DEESCALATED, 1200, List.of("a@example.com")));
        console.send(notification(Kind.FIRING, Reason.REPEATED, 1200, List.of("a@example.com")));

        assertThat(output().lines()).extracting(line -> line.split(" ")[1] + " " + line.split(" ")[2])
                .containsExactly("FIRING (escalated)", "FIRING (deescalated)", "FIRING (repeated)");
    }

    @Test
    void printsResolvedWithTheLevelItHad() throws Exception {
        console.send(notification(Kind.RESOLVED, Reason.RESOLVED, 3.5, List.of("oncall@example.com")));

        assertThat(output()).isEqualTo("2024-05-01T12:05:00Z RESOLVED checkout-errors level=critical value=3.500"
                + " count(api.errors) >= 1000 over 5m to=oncall@example.com" + System.lineSeparator());
    }

    @Test
    void leavesOutRecipientsWhenTheRouteHasNone() throws Exception {
        console.send(notification(Kind.FIRING, Reason.STARTED, Double.NaN, List.of()));

        assertThat(output()).endsWith("value=no data count(api.errors) >= 1000 over 5m" + System.lineSeparator());
    }

    @Test
    void failsWhenTheStreamCannotBeWritten() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        ConsoleNotifier broken = new ConsoleNotifier(new PrintStream(closed, false, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> broken.send(notification(Kind.FIRING, Reason.STARTED, 1, List.of())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theFactoryIsFoundAsTypeConsoleAndTakesNoSettings() {
        NotifierFactory factory = ServiceLoader.load(NotifierFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals("console")).findFirst().orElseThrow();

        assertThat(factory).isInstanceOf(ConsoleNotifierFactory.class);
        assertThat(factory.create(PluginConfig.of("notifiers.console", Map.of("type", "console"), key -> "monitors.yaml:3:3")))
                .isInstanceOf(ConsoleNotifier.class);
        assertThatThrownBy(() -> factory.create(PluginConfig.of("notifiers.console", Map.of("type", "console", "colour", "red"),
                key -> "monitors.yaml:3:3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("colour");
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Notification notification(Kind kind, Reason reason, double value, List<String> to) {
        PluginConfig route = to.isEmpty() ? PluginConfig.empty("monitors[0].triggers[1].notify[0]")
                : PluginConfig.of("monitors[0].triggers[1].notify[0]", Map.of("via", "console", "to", to), key -> "");
        return new Notification("checkout-errors/1/1/console", kind, reason, "checkout-errors", "critical", value,
                "count(api.errors) >= 1000 over 5m", Duration.ofMinutes(5), SINCE, AT, route);
    }
}
