package dev.hawkeye.api.store;

/**
 * A fenced write was refused: the lease it names is now held under another token, or by nobody.
 * Nothing of the write was applied. The writer has lost the lease and must stand by.
 */
public class FencedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(message);
    }
}
