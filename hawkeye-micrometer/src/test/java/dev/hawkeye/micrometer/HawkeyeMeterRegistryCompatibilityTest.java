package dev.hawkeye.micrometer;

import dev.hawkeye.client.HawkeyeClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.tck.MeterRegistryCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer's own compatibility suite, the one third-party registries pass: the meters' values,
 * names, tags and life cycle as Micrometer specifies them. The client has no server here (it keeps
 * and drops what it cannot send); what reaches hawkeye is {@code HawkeyeMeterRegistryTest}'s part.
 */
class HawkeyeMeterRegistryCompatibilityTest extends MeterRegistryCompatibilityKit {
    @TempDir
    static Path dir;
    private HawkeyeClient client;

    @Override
    public MeterRegistry registry() {
        // Nothing answers on the socket: closing waits for no flush.
        client = HawkeyeClient.builder().socket(dir.resolve("nobody.sock")).flushTimeout(Duration.ofMillis(1)).build();
        HawkeyeRegistryConfig config = key -> key.equals("hawkeye.enabled") ? "false" : null;
        return new HawkeyeMeterRegistry(config, new MockClock(), client);
    }

    @Override
    public Duration step() {
        return HawkeyeRegistryConfig.DEFAULT.step();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
