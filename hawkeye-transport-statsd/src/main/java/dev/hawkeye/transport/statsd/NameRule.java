package dev.hawkeye.transport.statsd;

/**
 * Maps a StatsD name (or tag name) to the characters a hawkeye key allows, by Etsy StatsD's own
 * rule, so that a name keeps the form it had there: each run of whitespace becomes {@code _},
 * {@code /} becomes {@code -}, and every other character but letters, digits, {@code _},
 * {@code -} and {@code .} is dropped ({@code "GET /api users"} becomes {@code GET_-api_users}).
 */
final class NameRule {
    private NameRule() {
    }

    /** Whether {@code data[from, to)} needs no mapping (the usual case: nothing is copied then). */
    static boolean isClean(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!kept(data[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code data[from, to)} mapped; empty when nothing is left. */
    static String map(byte[] data, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        boolean inWhitespace = false;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (isWhitespace(b)) {
                if (!inWhitespace) {
                    out.append('_');
                }
                inWhitespace = true;
                continue;
            }
            inWhitespace = false;
            if (b == '/') {
                out.append('-');
            } else if (kept(b)) {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    static boolean kept(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-' || b == '.';
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == '\f' || b == '\r';
    }
}
