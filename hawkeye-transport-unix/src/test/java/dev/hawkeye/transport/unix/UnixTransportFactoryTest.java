package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.api.transport.TransportFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnixTransportFactoryTest {

    @Test
    void isFoundByServiceLoaderAsTypeUnix() {
        assertThat(ServiceLoader.load(TransportFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(factory -> {
                    assertThat(factory).isInstanceOf(UnixTransportFactory.class);
                    assertThat(factory.type()).isEqualTo("unix");
                });
    }

    @Test
    void createsATransportOnTheDefaultsWithoutStartingIt() {
        Transport transport = new UnixTransportFactory().create(PluginConfig.empty("transport"));

        assertThat(transport.describe()).isEqualTo("unix:/tmp/hawkeye.sock");
        transport.close();
    }

    @Test
    void defaultsAreThoseOfTheProtocolReference() {
        UnixTransportSettings settings = UnixTransportSettings.from(PluginConfig.empty("transport"));

        assertThat(settings.path()).isEqualTo(Path.of("/tmp/hawkeye.sock"));
        assertThat(settings.mode()).isEqualTo(PluginConfig.octalMode("660"));
        assertThat(settings.group()).isNull();
        assertThat(settings.allowUids()).isEmpty();
        assertThat(settings.allowGids()).isEmpty();
        assertThat(settings.maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(settings.maxConnections()).isEqualTo(10_000);
        assertThat(settings.selectors()).isEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
        assertThat(settings.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsEveryKey() {
        UnixTransportSettings settings = settings(Map.of("path", "/run/hawkeye/h.sock", "mode", "0666", "allow_uids", List.of(1000, "1001"),
                "allow_gids", List.of(50), "max_message_bytes", 4096, "max_connections", 5, "selectors", 4, "workers", 3, "write_timeout", "2s"));

        assertThat(settings.path()).isEqualTo(Path.of("/run/hawkeye/h.sock"));
        assertThat(settings.mode()).isEqualTo(PluginConfig.octalMode("666"));
        assertThat(settings.allowUids()).isEqualTo(Set.of(1000L, 1001L));
        assertThat(settings.allowGids()).isEqualTo(Set.of(50L));
        assertThat(settings.maxMessageBytes()).isEqualTo(4096);
        assertThat(settings.maxConnections()).isEqualTo(5);
        assertThat(settings.selectors()).isEqualTo(4);
        assertThat(settings.workers()).isEqualTo(3);
        assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.admits(1001, new long[] {7})).isTrue();
        assertThat(settings.admits(7, new long[] {7, 50})).isTrue();
        assertThat(settings.admits(7, new long[] {7})).isFalse();
    }

    @Test
    void aMisspeltKeyIsRefusedWithASuggestion() {
        assertThatThrownBy(() -> settings(Map.of("max_conections", 5)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:3:5: transport.max_conections: unknown key 'max_conections' (did you mean 'max_connections'?)");
    }

    @Test
    void aModeThatYamlReadAsANumberAsksForQuotes() {
        assertThatThrownBy(() -> settings(Map.of("mode", 432)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.mode: write the mode as a quoted octal string such as \"0660\"");
        assertThatThrownBy(() -> settings(Map.of("mode", "rw-rw----")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.mode: write the mode as a quoted octal string such as \"0660\"; got 'rw-rw----'");
    }

    @Test
    void aSocketPathTooLongForTheKernelIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("path", "/tmp/" + "d".repeat(120) + ".sock")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.path: a Unix socket path must be at most 107 bytes");
    }

    @Test
    void anUnknownGroupIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("group", "no-such-group-hawkeye")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.group: no group named 'no-such-group-hawkeye'");
    }

    @Test
    void idsAndNumbersOutOfRangeAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("allow_uids", List.of(1000, "alice"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.allow_uids[1]: expected a numeric id");
        assertThatThrownBy(() -> settings(Map.of("workers", 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.workers: expected an integer from 1 to 1024, got 0");
        assertThatThrownBy(() -> settings(Map.of("selectors", 65)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.selectors: expected an integer from 1 to 64, got 65");
        assertThatThrownBy(() -> settings(Map.of("max_message_bytes", "big")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport.max_message_bytes");
    }

    private static UnixTransportSettings settings(Map<String, Object> values) {
        return UnixTransportSettings.from(PluginConfig.of("transport", values, key -> "test.yaml:3:5"));
    }
}
