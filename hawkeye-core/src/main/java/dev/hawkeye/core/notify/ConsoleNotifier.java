package dev.hawkeye.core.notify;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints one line per notification and flushes it at once, e.g.
 * <pre>
 * 2024-05-01T12:00:00Z FIRING checkout-errors level=critical value=1200 count(api.errors) &gt;= 1000 over 5m to=cto@example.com
 * 2024-05-01T13:00:00Z FIRING (repeated) checkout-errors level=critical value=1100 count(api.errors) &gt;= 1000 over 5m to=cto@example.com
 * 2024-05-01T13:05:00Z RESOLVED checkout-errors level=critical value=3 count(api.errors) &gt;= 1000 over 5m to=cto@example.com
 * </pre>
 * The time is the notification's {@code at}; a FIRING that is not a start says why in
 * parentheses ({@code escalated}, {@code deescalated}, {@code repeated}); {@code to=} lists the
 * route's recipients and is left out when there are none. Thread-safe. Does not close the stream.
 */
public final class ConsoleNotifier implements Notifier {
    private final PrintStream out;

    public ConsoleNotifier(PrintStream out) {
        this.out = out;
    }

    /** @throws IOException when the stream reports an error (e.g. standard output was closed) */
    @Override
    public void send(Notification notification) throws IOException {
        String line = format(notification);
        synchronized (out) {
            out.println(line);
            out.flush();
            if (out.checkError()) {
                throw new IOException("could not write to the console");
            }
        }
    }

    /** The line printed for {@code notification}, without the line separator. */
    public static String format(Notification notification) {
        StringBuilder line = new StringBuilder(160).append(notification.at()).append(' ').append(notification.kind());
        if (notification.kind() == Notification.Kind.FIRING && notification.reason() != Notification.Reason.STARTED) {
            line.append(" (").append(notification.reason().name().toLowerCase(Locale.ROOT)).append(')');
        }
        line.append(' ').append(notification.monitor())
                .append(" level=").append(notification.level())
                .append(" value=").append(notification.formattedValue())
                .append(' ').append(notification.condition());
        List<String> recipients = notification.recipients();
        if (!recipients.isEmpty()) {
            line.append(" to=").append(String.join(",", recipients));
        }
        return line.toString();
    }
}
