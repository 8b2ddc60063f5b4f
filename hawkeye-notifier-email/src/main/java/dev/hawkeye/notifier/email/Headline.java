package dev.hawkeye.notifier.email;

import dev.hawkeye.api.notify.Notification;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line summary of a notification, used as the built-in subject:
 * {@code [FIRING critical] checkout-errors: count(api.errors) 1204 >= 1000 over 5m}.
 */
final class Headline {
    /** Splits {@code count(api.errors) >= 1000 over 5m} at its comparison, which is written with spaces around. */
    private static final Pattern COMPARISON = Pattern.compile("^(.*?) (>=|<=|==|!=|>|<) (.*)$");

    private Headline() {
    }

    /**
     * {@code [FIRING critical] m: count(x) 1204 >= 1000 over 5m}; a FIRING that is not a start
     * names its reason ({@code [FIRING critical, repeated]}); a RESOLVED says what no longer holds
     * ({@code [RESOLVED critical] m: count(x) 3, no longer >= 1000 over 5m}). A condition without a
     * comparison is shown as it is.
     */
    static String of(Notification notification) {
        StringBuilder out = new StringBuilder(120).append('[').append(notification.kind()).append(' ')
                .append(notification.level());
        if (notification.kind() == Notification.Kind.FIRING && notification.reason() != Notification.Reason.STARTED) {
            out.append(", ").append(notification.reason().name().toLowerCase(Locale.ROOT));
        }
        return out.append("] ").append(notification.monitor()).append(": ").append(statement(notification)).toString();
    }

    /** The condition with the value in it: {@code count(x) 1204 >= 1000 over 5m}. */
    static String statement(Notification notification) {
        Matcher matcher = COMPARISON.matcher(notification.condition());
        if (!matcher.matches()) {
            return notification.condition();
        }
        String measured = matcher.group(1) + " " + notification.formattedValue();
        String rule = matcher.group(2) + " " + matcher.group(3);
        return notification.kind() == Notification.Kind.RESOLVED ? measured + ", no longer " + rule : measured + " " + rule;
    }
}
