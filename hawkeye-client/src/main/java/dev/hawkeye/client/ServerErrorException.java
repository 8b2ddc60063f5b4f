package dev.hawkeye.client;

import java.io.IOException;

/**
 * The server answered a request with an error: a JSON-RPC error object, or the rejection of the
 * point that {@link HawkeyeClient#send} sent. The message is the server's; it says what was wrong.
 */
public class ServerErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    /** JSON-RPC 2.0's code for invalid params, also used for a rejected point. */
    public static final int INVALID_PARAMS = -32602;

    private final int code;
    private final String field;
    private final String data;

    /**
     * @param code    the JSON-RPC error code
     * @param message the server's message
     * @param field   the field the error names, or {@code null}
     * @param data    the error's {@code data} as text (JSON unless it was a string), or {@code null}
     */
    public ServerErrorException(int code, String message, String field, String data) {
        super(message);
        this.code = code;
        this.field = field;
        this.data = data;
    }

    /** The JSON-RPC error code ({@code -32602} invalid params, {@code -32601} method not found, ...). */
    public int code() {
        return code;
    }

    /**
     * The field the error names ({@code key}, {@code value}, {@code tags.host}, {@code window}, ...):
     * from {@code "data": {"field": ...}} or a {@code data} string; {@code null} when it names none.
     */
    public String field() {
        return field;
    }

    /** The error's {@code data} as text (JSON unless it was a string), or {@code null}. */
    public String data() {
        return data;
    }
}
