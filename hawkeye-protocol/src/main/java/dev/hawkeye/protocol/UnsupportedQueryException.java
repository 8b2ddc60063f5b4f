package dev.hawkeye.protocol;

/**
 * The store cannot answer a read as asked (it cannot find series by tag matchers, say): answered
 * with {@value RpcErrorResolver#UNSUPPORTED} and the store's message. Not the client's mistake in
 * form, nor a failure of the server: the same read of one exact series would be answered.
 */
public class UnsupportedQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
