package dev.hawkeye.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's socket address: host:port, :port, [v6]:port, the default, and what is refused and why. */
class PluginConfigAddressTest {

    @Test
    void readsEachFormAndTheDefault() {
        assertThat(section("127.0.0.1:9466").address("listen", "127.0.0.1:1")).isEqualTo(new InetSocketAddress("127.0.0.1", 9466));
        assertThat(section(":9466").address("listen", "127.0.0.1:1")).isEqualTo(new InetSocketAddress(9466));
        assertThat(section("[::1]:0").address("listen", "127.0.0.1:1").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(PluginConfig.of("http", Map.of(), path -> "test").address("listen", "127.0.0.1:9466"))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 9466));
    }

    @Test
    void refusesWhatIsNoAddressNamingTheKey() {
        for (String bad : new String[] {"9466", "localhost:port", "127.0.0.1:70000", "127.0.0.1:-1"}) {
            assertThatThrownBy(() -> section(bad).address("listen", "127.0.0.1:9466")).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listen")
                    .hasMessageContaining("expected host:port such as 127.0.0.1:9466 (or :9466 for every interface); got '" + bad + "'");
        }
        assertThatThrownBy(() -> section("no-such-host.invalid:80").address("listen", "127.0.0.1:9466"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot resolve the host 'no-such-host.invalid'");
    }

    private static PluginConfig section(String listen) {
        return PluginConfig.of("http", Map.of("listen", listen), path -> "test");
    }
}
