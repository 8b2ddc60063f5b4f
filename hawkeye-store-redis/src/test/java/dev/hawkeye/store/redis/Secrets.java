package dev.hawkeye.store.redis;

/** What a test looks through for a leaked password. */
final class Secrets {
    private Secrets() {
    }

    /** The messages and {@code toString()} of {@code failure} and all its causes, with their stack traces. */
    static String messagesOf(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t).append('\n').append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                out.append(messagesOf(suppressed));
            }
        }
        return out.toString();
    }
}
