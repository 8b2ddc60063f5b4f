package dev.hawkeye.api.notify;

/**
 * Delivers notifications through one medium (mail, chat, a webhook, ...).
 *
 * <p>{@link #send} is called from core's dispatcher, never from the evaluation thread, and from at
 * most one thread at a time per notifier. It delivers one notification or throws: retries,
 * timeouts, rate limits and deduplication belong to the dispatcher, not to each notifier. It must
 * never log credentials.
 */
public interface Notifier extends AutoCloseable {

    /**
     * Delivers {@code notification}, returning once the medium has accepted it.
     *
     * @throws RetryAfterException when the medium asked to be called again later (HTTP 429 with
     *                   {@code Retry-After}): the dispatcher waits at least that long before retrying
     * @throws dev.hawkeye.api.config.ConfigException when a setting makes delivery impossible
     *                   (e.g. a route without recipients): the dispatcher does not retry it
     * @throws Exception with a message that says why (the server's answer, the HTTP status); the
     *                   dispatcher logs it and retries
     */
    void send(Notification notification) throws Exception;

    /** Releases connections and threads. */
    @Override
    default void close() {
    }
}
