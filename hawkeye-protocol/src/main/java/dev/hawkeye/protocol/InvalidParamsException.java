package dev.hawkeye.protocol;

/**
 * A request's params cannot be used: answered with -32602 and {@code data: {"field": ...}}.
 * The message is meant for the client.
 */
public class InvalidParamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidParamsException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field as it appears on the wire: {@code key}, {@code points}, {@code window}, ... */
    public String field() {
        return field;
    }
}
