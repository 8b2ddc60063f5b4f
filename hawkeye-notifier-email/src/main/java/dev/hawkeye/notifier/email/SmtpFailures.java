package dev.hawkeye.notifier.email;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns what jakarta.mail throws into one line that holds the server's own answers. */
final class SmtpFailures {
    private SmtpFailures() {
    }

    /**
     * E.g. {@code SMTP server mail.example.com:587 refused a recipient: Invalid Addresses; 550 5.1.1
     * <nobody@example.com>: user unknown}. Collects the message of {@code failure} and of every
     * exception chained to it (jakarta.mail chains one per refused address), each once.
     */
    static String describe(String server, MessagingException failure) {
        return "SMTP server " + server + " " + what(failure) + ": " + String.join("; ", answers(failure));
    }

    /** The answers about the refused recipients of a message the server took for others. */
    static String refusals(String server, SendFailedException partial) {
        Set<String> answers = partial.getNextException() == null ? answers(partial) : answers(partial.getNextException());
        return "SMTP server " + server + " refused them: " + String.join("; ", answers);
    }

    private static Set<String> answers(Throwable failure) {
        Set<String> answers = new LinkedHashSet<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 20; depth++) {
            String message = current.getMessage();
            if (message != null && !message.isBlank()) {
                answers.add(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
            } else {
                answers.add(current.getClass().getSimpleName());
            }
            current = current instanceof MessagingException ? ((MessagingException) current).getNextException() : current.getCause();
        }
        return answers;
    }

    private static String what(MessagingException failure) {
        if (failure instanceof AuthenticationFailedException) {
            return "refused the login";
        }
        if (failure instanceof SendFailedException) {
            return "refused the message";
        }
        return "failed";
    }
}
