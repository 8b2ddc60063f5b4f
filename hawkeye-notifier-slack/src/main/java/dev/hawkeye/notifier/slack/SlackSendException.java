package dev.hawkeye.notifier.slack;

/**
 * A message Slack refused: the message holds the HTTP status and Slack's answer (e.g.
 * {@code HTTP 404: no_service}, {@code channel_not_found}), never the token or the webhook URL.
 */
public class SlackSendException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public SlackSendException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of Slack's answer (200 when the call was answered but refused, e.g. {@code ok: false}). */
    public int status() {
        return status;
    }
}
