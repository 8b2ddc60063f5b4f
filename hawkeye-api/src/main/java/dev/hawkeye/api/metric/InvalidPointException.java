package dev.hawkeye.api.metric;

/**
 * A point that breaks a rule of the data model: a malformed key or tag, a value that is not a
 * finite number, a type that conflicts with the series. The message names the field and says what
 * was expected; it is safe to show to the client that sent the point.
 */
public class InvalidPointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidPointException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the offending field as it appears on the wire: {@code key}, {@code value}, {@code tags.host}, ... */
    public String field() {
        return field;
    }
}
