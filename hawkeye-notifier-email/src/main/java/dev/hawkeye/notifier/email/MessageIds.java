package dev.hawkeye.notifier.email;

import dev.hawkeye.api.notify.Notification;
import java.util.Locale;

/**
 * Makes Message-IDs such as {@code <checkout-errors/1/3/mail.1735725600000@example.com>}: the
 * notification id (characters a Message-ID cannot hold become {@code -}), when its monitor started
 * firing (ms), and the sender's domain. They depend on the notification alone, so a notification
 * sent again (a retry, or the next agent resending what the outbox held) has the same Message-ID and
 * a mail client can recognise the duplicate; the firing start keeps the ids that an agent with the
 * memory store reuses after a restart from colliding with earlier messages. Immutable and thread-safe.
 */
public final class MessageIds {
    private final String domain;

    /** @param domain the right-hand side, usually the sender's domain */
    public MessageIds(String domain) {
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    /** The Message-ID header value, with its angle brackets. */
    public String forNotification(Notification notification) {
        return "<" + atoms(notification.id()) + "." + notification.since().toEpochMilli() + "@" + domain + ">";
    }

    /** Keeps letters, digits and the RFC 5322 atom characters that read well; everything else becomes '-'. */
    private static String atoms(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean atom = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_/+=".indexOf(c) >= 0;
            out.append(atom ? c : '-');
        }
        return out.length() == 0 ? "notification" : out.toString();
    }
}
