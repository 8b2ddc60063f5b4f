package dev.hawkeye.http;

/** Ends a request with an HTTP status and the message of its {@code {"error": ...}} body. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
