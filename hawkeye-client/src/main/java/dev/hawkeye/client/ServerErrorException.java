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
    private final String data;

    public ServerErrorException(int code, String message, String data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    /** The JSON-RPC error code ({@code -32602} invalid params, {@code -32601} method not found, ...). */
    public int code() {
        return code;
    }

    /** The error's {@code data} (for invalid params, the offending field) as text, or {@code null}. */
    public String data() {
        return data;
    }
}
