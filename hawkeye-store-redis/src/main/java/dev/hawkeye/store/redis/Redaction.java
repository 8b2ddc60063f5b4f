package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.Secrets;

/**
 * Removes the password from text Redis or jedis wrote (an error message), before it reaches a log
 * line or an exception; URLs are redacted by {@link Secrets#redactUrl}.
 */
final class Redaction {
    private Redaction() {
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@value Secrets#MASK}. */
    static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, Secrets.MASK);
    }
}
