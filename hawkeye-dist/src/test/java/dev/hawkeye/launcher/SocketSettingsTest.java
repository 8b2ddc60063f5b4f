package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SocketSettingsTest {
    private static final Environment NO_VARIABLES = new Environment(Map.of());

    @Test
    void socketOptionWinsOverTheEnvironment() {
        CommonOptions options = CommandLine.populateCommand(new CommonOptions(), "--socket", "/run/a.sock");

        Optional<CommonOptions.SocketChoice> choice = options.socketOverride(new Environment(Map.of("HAWKEYE_SOCKET", "/run/b.sock")));

        assertThat(choice).contains(new CommonOptions.SocketChoice(Path.of("/run/a.sock"), "--socket"));
    }

    @Test
    void environmentChoosesTheSocketWithoutAnOption() {
        CommonOptions options = CommandLine.populateCommand(new CommonOptions());

        assertThat(options.socketOverride(new Environment(Map.of("HAWKEYE_SOCKET", "/run/b.sock"))))
                .contains(new CommonOptions.SocketChoice(Path.of("/run/b.sock"), "HAWKEYE_SOCKET"));
        assertThat(options.socketOverride(NO_VARIABLES)).isEmpty();
    }

    @Test
    void configFileComesFromTheOptionThenTheEnvironment() {
        CommonOptions withOption = CommandLine.populateCommand(new CommonOptions(), "--config", "a.yaml");
        CommonOptions without = CommandLine.populateCommand(new CommonOptions());

        assertThat(withOption.configFile(new Environment(Map.of("HAWKEYE_CONFIG", "b.yaml")))).isEqualTo(Path.of("a.yaml"));
        assertThat(without.configFile(new Environment(Map.of("HAWKEYE_CONFIG", "b.yaml")))).isEqualTo(Path.of("b.yaml"));
    }

    @Test
    void aConfigWithoutPathGetsTheDefaultSocket() {
        HawkeyeConfig config = SocketSettings.withSocket(v1Config(), Optional.empty());

        assertThat(SocketSettings.socketOf(config)).isEqualTo(Path.of("/tmp/hawkeye.sock"));
        assertThat(config.transports().get(0).type()).contains("unix");
        assertThat(config.monitors()).hasSize(1);
    }

    @Test
    void thePathTheConfigSetsIsKeptUnlessOverridden() {
        HawkeyeConfig config = withTransport(v1Config(), Map.of("type", "unix", "path", "/srv/hawkeye.sock", "mode", "0600"));

        HawkeyeConfig kept = SocketSettings.withSocket(config, Optional.empty());
        HawkeyeConfig overridden = SocketSettings.withSocket(config,
                Optional.of(new CommonOptions.SocketChoice(Path.of("/run/a.sock"), "--socket")));

        assertThat(SocketSettings.socketOf(kept)).isEqualTo(Path.of("/srv/hawkeye.sock"));
        assertThat(SocketSettings.socketOf(overridden)).isEqualTo(Path.of("/run/a.sock"));
        assertThat(overridden.transports().get(0).string("mode")).contains("0600");
    }

    @Test
    void aProblemWithTheOverriddenPathNamesWhereItCameFromAndOthersKeepTheirLine() {
        HawkeyeConfig config = withTransport(v1Config(), Map.of("type", "unix", "mode", "0600"));

        PluginConfig transport = SocketSettings.withSocket(config,
                Optional.of(new CommonOptions.SocketChoice(Path.of("/run/a.sock"), "HAWKEYE_SOCKET"))).transports().get(0);

        assertThat(transport.problem("path", "too long").toString()).isEqualTo("HAWKEYE_SOCKET: transport.path: too long");
        assertThat(transport.problem("mode", "bad").toString()).isEqualTo("monitors.yaml:7:3: transport.mode: bad");
    }

    private static HawkeyeConfig v1Config() {
        return new ConfigLoader(NO_VARIABLES).parse(AlertEndToEndIT.CONFIG, "monitors.yaml");
    }

    private static HawkeyeConfig withTransport(HawkeyeConfig config, Map<String, Object> values) {
        PluginConfig transport = PluginConfig.of("transport", values, keyPath -> "monitors.yaml:7:3");
        return config.withTransports(List.of(transport));
    }
}
