package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void readsEveryPart() {
        RedisUrl url = RedisUrl.parse("redis://alice:hunter2@cache.example.com:6380/3");

        assertThat(url).isEqualTo(new RedisUrl(false, "alice", "hunter2", "cache.example.com", 6380, 3));
    }

    @Test
    void defaultsToPort6379AndDatabase0WithoutCredentials() {
        assertThat(RedisUrl.parse("redis://localhost")).isEqualTo(new RedisUrl(false, null, null, "localhost", 6379, 0));
        assertThat(RedisUrl.parse("redis://localhost:7000/")).isEqualTo(new RedisUrl(false, null, null, "localhost", 7000, 0));
    }

    @Test
    void redissMeansTls() {
        assertThat(RedisUrl.parse("rediss://:pw@cache:6380").tls()).isTrue();
        assertThat(RedisUrl.parse("REDIS://cache").tls()).isFalse();
    }

    @Test
    void aPasswordAloneNeedsTheLeadingColon() {
        assertThat(RedisUrl.parse("redis://:hunter2@cache").password()).isEqualTo("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://hunter2@cache"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:password or :password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void decodesPercentEscapesAndAcceptsUnescapedSpecialCharacters() {
        assertThat(RedisUrl.parse("redis://bob:p%40ss%2Fw%23rd@cache").password()).isEqualTo("p@ss/w#rd");
        assertThat(RedisUrl.parse("redis://bob:p@ss/w#rd@cache:6379/1"))
                .isEqualTo(new RedisUrl(false, "bob", "p@ss/w#rd", "cache", 6379, 1));
        assertThat(RedisUrl.parse("redis://:100%@cache").password()).isEqualTo("100%");
    }

    @Test
    void readsABracketedIpv6Address() {
        RedisUrl url = RedisUrl.parse("redis://[::1]:6390/1");

        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.port()).isEqualTo(6390);
        assertThat(url.redacted()).isEqualTo("redis://[::1]:6390/1");
    }

    @Test
    void printsWithoutThePassword() {
        RedisUrl url = RedisUrl.parse("redis://alice:hunter2@cache:6380/3");

        assertThat(url.redacted()).isEqualTo("redis://alice:***@cache:6380/3");
        assertThat(url.toString()).isEqualTo(url.redacted());
        assertThat(RedisUrl.parse("redis://cache").toString()).isEqualTo("redis://cache:6379/0");
    }

    @Test
    void refusesWhatIsNotARedisUrlWithoutShowingThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("http://:hunter2@cache")).hasMessageContaining("redis:// or rediss://")
                .hasMessageContaining("http://:***@cache").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("cache:6379")).hasMessageContaining("expected redis://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@cache:port/0")).hasMessageContaining("port")
                .hasMessageContaining("'port'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@cache:6379/x")).hasMessageContaining("database number")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@:6379")).hasMessageContaining("no host")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache:6379/0?ssl=true")).hasMessageContaining("query");
    }
}
