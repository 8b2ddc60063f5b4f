package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksThePasswordAndKeepsTheUser() {
        assertThat(Redaction.redactUrl("redis://alice:hunter2@cache.example.com:6380/2"))
                .isEqualTo("redis://alice:***@cache.example.com:6380/2");
    }

    @Test
    void masksAPasswordWithoutUser() {
        assertThat(Redaction.redactUrl("rediss://:hunter2@cache:6379")).isEqualTo("rediss://:***@cache:6379");
    }

    @Test
    void masksUserInfoWithoutColonWhole() {
        assertThat(Redaction.redactUrl("redis://hunter2@cache:6379")).isEqualTo("redis://***@cache:6379");
    }

    @Test
    void masksAnUnescapedPasswordHoldingAtSignsAndSlashes() {
        assertThat(Redaction.redactUrl("redis://bob:p@ss/w#rd@cache:6379/0")).isEqualTo("redis://bob:***@cache:6379/0");
    }

    @Test
    void leavesAUrlWithoutUserInfoAlone() {
        assertThat(Redaction.redactUrl("redis://cache:6379/0")).isEqualTo("redis://cache:6379/0");
    }

    @Test
    void masksUserInfoOfTextWithoutScheme() {
        assertThat(Redaction.redactUrl("alice:hunter2@cache")).isEqualTo("alice:***@cache");
    }

    @Test
    void scrubRemovesEveryOccurrenceOfTheSecret() {
        assertThat(Redaction.scrub("auth hunter2 failed (hunter2)", "hunter2")).isEqualTo("auth *** failed (***)");
        assertThat(Redaction.scrub("nothing secret", null)).isEqualTo("nothing secret");
        assertThat(Redaction.scrub("nothing secret", "")).isEqualTo("nothing secret");
    }
}
