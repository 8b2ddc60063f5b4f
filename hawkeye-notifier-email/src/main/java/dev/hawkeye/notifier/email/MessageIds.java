package dev.hawkeye.notifier.email;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Makes Message-IDs such as {@code <checkout-errors/1/3/mail.5f0c9e1a2b3d@example.com>}: the
 * notification id (characters a Message-ID cannot hold become {@code -}), a part unique to this
 * instance, and the sender's domain. The same notification id gives the same Message-ID within one
 * instance, so a retried send can be recognised as a duplicate; the unique part keeps ids that an
 * agent with the memory store reuses after a restart from colliding with earlier messages.
 * Immutable and thread-safe.
 */
public final class MessageIds {
    private final String unique;
    private final String domain;

    /**
     * @param unique a part no other instance uses (see {@link #random(String)})
     * @param domain the right-hand side, usually the sender's domain
     */
    public MessageIds(String unique, String domain) {
        this.unique = unique;
        this.domain = domain;
    }

    /** An instance with 12 random hexadecimal digits as its unique part, for the sender's {@code domain}. */
    public static MessageIds random(String domain) {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return new MessageIds(HexFormat.of().formatHex(bytes), domain);
    }

    /** The Message-ID header value, with its angle brackets. */
    public String forNotification(String notificationId) {
        return "<" + atoms(notificationId) + "." + unique + "@" + domain.toLowerCase(Locale.ROOT) + ">";
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
