package dev.hawkeye.api.store;

/**
 * The store could not do what was asked (it is unreachable, it timed out, it refused). The
 * caller decides whether to retry: the aggregator keeps the batch, the alert engine skips the
 * evaluation and reports the store as unavailable. The message must not contain credentials.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
