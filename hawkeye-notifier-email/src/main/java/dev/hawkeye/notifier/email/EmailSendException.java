package dev.hawkeye.notifier.email;

/**
 * An email that the SMTP server did not accept, or that could not reach it. The message names the
 * server and holds its answers (e.g. {@code 550 5.1.1 user unknown}); it never holds a password.
 */
public class EmailSendException extends Exception {
    private static final long serialVersionUID = 1L;

    public EmailSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
