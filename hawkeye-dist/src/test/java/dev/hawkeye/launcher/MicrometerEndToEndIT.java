package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.micrometer.HawkeyeMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye run} and an application instrumented with Micrometer, whose registry is
 * {@link HawkeyeMeterRegistry}: the p99 of a Micrometer timer fires a hawkeye monitor.
 */
class MicrometerEndToEndIT {
    private static final String CONFIG = """
            version: 2
            notifiers:
              pager: {type: console}
            defaults: {window: 3s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: checkout-latency
                metric: shop.checkout
                tags: {region: eu-west}
                aggregate: p99
                triggers:
                  - level: warning
                    when: "> 250"
                    notify: [{via: pager, to: [oncall@example.com]}]
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void theP99OfAMicrometerTimerFiresAMonitor() throws Exception {
        String socket = distribution.socket().toString();
        HawkeyeProcess hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", CONFIG).toString(),
                "--socket", socket);
        Processes.awaitPing(hawkeye, distribution.socket());

        HawkeyeMeterRegistry registry = new HawkeyeMeterRegistry(key -> key.equals("hawkeye.socket") ? socket : null, Clock.SYSTEM);
        Timer checkout = Timer.builder("shop.checkout").tag("region", "eu-west").register(registry);
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (hawkeye.stdout().stream().noneMatch(line -> line.contains("FIRING")) && Instant.now().isBefore(deadline)) {
                // 97 fast checkouts and 3 slow ones in each burst: the p99 is a slow one, the mean is not.
                for (int i = 0; i < 97; i++) {
                    checkout.record(20, TimeUnit.MILLISECONDS);
                }
                for (int i = 0; i < 3; i++) {
                    checkout.record(400, TimeUnit.MILLISECONDS);
                }
                Thread.sleep(200);
            }
        } finally {
            registry.close();
        }

        String firing = hawkeye.awaitStdoutLine(line -> line.contains("FIRING"), Duration.ofSeconds(1));
        assertThat(firing).as(hawkeye.describe()).contains("checkout-latency");
        assertThat(checkout.mean(TimeUnit.MILLISECONDS)).isLessThan(250);
    }
}
