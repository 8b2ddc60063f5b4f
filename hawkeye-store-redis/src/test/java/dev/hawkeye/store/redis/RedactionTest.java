package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void scrubRemovesEveryOccurrenceOfTheSecret() {
        assertThat(Redaction.scrub("auth hunter2 failed (hunter2)", "hunter2")).isEqualTo("auth *** failed (***)");
        assertThat(Redaction.scrub("nothing secret", null)).isEqualTo("nothing secret");
        assertThat(Redaction.scrub("nothing secret", "")).isEqualTo("nothing secret");
    }
}
