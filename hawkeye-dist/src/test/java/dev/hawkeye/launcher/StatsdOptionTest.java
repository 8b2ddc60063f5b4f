package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsdOptionTest {
    private static final ConfigLoader LOADER = new ConfigLoader(new Environment(Map.of()));

    @Test
    void withoutTheOptionTheConfigIsUnchanged() {
        HawkeyeConfig config = LOADER.parse("version: 2\nmonitors: []\n", "monitors.yaml");

        assertThat(StatsdOption.withStatsd(config, null)).isSameAs(config);
    }

    @Test
    void theOptionAddsAStatsdTransportBesideTheUnixOne() {
        HawkeyeConfig config = LOADER.parse("version: 2\nmonitors: []\n", "monitors.yaml");

        HawkeyeConfig changed = StatsdOption.withStatsd(config, "127.0.0.1:9125");

        assertThat(changed.transports()).extracting(PluginConfig::asMap).containsExactly(
                Map.of("type", "unix"), Map.of("type", "statsd", "udp", "127.0.0.1:9125"));
        assertThat(changed.transports().get(1).problem("udp", "taken").toString()).isEqualTo("--statsd: transport[1].udp: taken");
    }

    @Test
    void theOptionSetsTheUdpAddressOfTheConfigsStatsdTransportAndKeepsItsOtherKeys() {
        HawkeyeConfig config = LOADER.parse(String.join("\n",
                "version: 2",
                "transport:",
                "  - {type: unix}",
                "  - {type: statsd, udp: \"127.0.0.1:8125\", unix: /tmp/s.sock}",
                "monitors: []",
                ""), "monitors.yaml");

        HawkeyeConfig changed = StatsdOption.withStatsd(config, ":9125");

        PluginConfig statsd = changed.transports().get(1);
        assertThat(statsd.asMap()).containsEntry("udp", ":9125").containsEntry("unix", "/tmp/s.sock");
        assertThat(statsd.problem("udp", "taken").toString()).isEqualTo("--statsd: transport[1].udp: taken");
        assertThat(statsd.problem("unix", "bad").toString()).isEqualTo("monitors.yaml:4:43: transport[1].unix: bad");
    }
}
