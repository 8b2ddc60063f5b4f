package dev.hawkeye.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksThePasswordAndKeepsTheUser() {
        assertThat(Secrets.redactUrl("redis://alice:hunter2@cache.example.com:6380/2"))
                .isEqualTo("redis://alice:***@cache.example.com:6380/2");
    }

    @Test
    void masksAPasswordWithoutUser() {
        assertThat(Secrets.redactUrl("rediss://:hunter2@cache:6379")).isEqualTo("rediss://:***@cache:6379");
    }

    @Test
    void masksUserInfoWithoutColonWhole() {
        assertThat(Secrets.redactUrl("redis://hunter2@cache:6379")).isEqualTo("redis://***@cache:6379");
    }

    @Test
    void masksAnUnescapedPasswordHoldingAtSignsAndSlashes() {
        assertThat(Secrets.redactUrl("redis://bob:p@ss/w#rd@cache:6379/0")).isEqualTo("redis://bob:***@cache:6379/0");
    }

    @Test
    void leavesAUrlWithoutUserInfoAlone() {
        assertThat(Secrets.redactUrl("redis://cache:6379/0")).isEqualTo("redis://cache:6379/0");
    }

    @Test
    void masksAPasswordHoldingASlashWhole() {
        assertThat(Secrets.redactUrl("redis://bob:pa/ss@cache:6379/0")).isEqualTo("redis://bob:***@cache:6379/0");
    }

    @Test
    void masksUserInfoOfTextWithoutScheme() {
        assertThat(Secrets.redactUrl("alice:hunter2@cache")).isEqualTo("alice:***@cache");
    }
}
