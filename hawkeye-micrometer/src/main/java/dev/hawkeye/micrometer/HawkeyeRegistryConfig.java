package dev.hawkeye.micrometer;

import static io.micrometer.core.instrument.config.validate.PropertyValidator.getDuration;
import static io.micrometer.core.instrument.config.validate.PropertyValidator.getString;

import dev.hawkeye.client.HawkeyeClient;
import io.micrometer.core.instrument.push.PushRegistryConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of a {@link HawkeyeMeterRegistry}, read as every Micrometer registry reads its own:
 * by {@link #get} of {@code hawkeye.<name>} (Spring Boot maps {@code management.hawkeye.metrics.export.*}
 * onto it), each with a default.
 */
public interface HawkeyeRegistryConfig extends PushRegistryConfig {
    /** Every default: the socket of {@link HawkeyeClient#defaultSocket()}, a step of 10 seconds. */
    HawkeyeRegistryConfig DEFAULT = key -> null;

    @Override
    default String prefix() {
        return "hawkeye";
    }

    /** The server's socket ({@code hawkeye.socket}); default {@code $HAWKEYE_SOCKET}, else {@code /tmp/hawkeye.sock}. */
    default Path socket() {
        return getString(this, "socket").map(Path::of).orElseGet(HawkeyeClient::defaultSocket);
    }

    /**
     * How often gauges, long task timers and function meters are read and sent ({@code hawkeye.step});
     * counters, timers and distribution summaries send each recording as it happens. Default 10 s.
     */
    @Override
    default Duration step() {
        return getDuration(this, "step").orElse(Duration.ofSeconds(10));
    }
}
