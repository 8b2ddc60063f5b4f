package dev.hawkeye.store.redis;

/**
 * Removes credentials from text before it reaches a log line, an exception message or
 * {@code describe()}. Works on text that is not a valid URL too (a password taken from
 * {@code ${REDIS_PASSWORD}} may hold {@code @}, {@code /} or {@code #} unescaped).
 */
final class Redaction {
    /** What a removed secret is replaced with. */
    static final String MASK = "***";

    private Redaction() {
    }

    /**
     * The URL with its password replaced by {@value #MASK}: {@code redis://user:***@host:6379/0}.
     * The user name is kept; a user-info part without a colon ({@code redis://secret@host}) is
     * taken for a password and masked whole. Text without user info is returned unchanged.
     */
    static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int schemeEnd = url.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        // The last '@' ends the user info: a host never holds one, an unescaped password may.
        int at = url.lastIndexOf('@');
        if (at < start) {
            return url;
        }
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String kept = colon < 0 ? "" : userInfo.substring(0, colon + 1);
        return url.substring(0, start) + kept + MASK + url.substring(at);
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@value #MASK}. */
    static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
