package dev.hawkeye.api.config;

/**
 * Removes credentials from a URL before it is printed, logged or put in a message, reading it as
 * the stores read theirs: the user info runs to the last {@code @} (a host never holds one), so a
 * password taken from {@code ${VAR}} may hold {@code @}, {@code /} or {@code #} unescaped and is
 * still masked whole.
 */
public final class Secrets {
    /** What a removed secret is replaced with. */
    public static final String MASK = "***";

    private Secrets() {
    }

    /**
     * The URL with its password replaced by {@value #MASK}: {@code redis://user:***@host:6379/0}.
     * The user name is kept; a user info without a colon ({@code redis://secret@host}) is taken for
     * a password and masked whole. Text without user info is returned unchanged, {@code null} as
     * {@code null}.
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int schemeEnd = url.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = url.lastIndexOf('@');
        if (at < start) {
            return url;
        }
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String kept = colon < 0 ? "" : userInfo.substring(0, colon + 1);
        return url.substring(0, start) + kept + MASK + url.substring(at);
    }
}
