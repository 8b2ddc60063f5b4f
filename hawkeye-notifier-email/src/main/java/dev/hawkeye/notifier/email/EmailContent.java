package dev.hawkeye.notifier.email;

/**
 * What one email says. Immutable.
 *
 * @param subject one line, without line breaks
 * @param text    the plain-text body
 * @param html    the HTML body, a complete document
 */
public record EmailContent(String subject, String text, String html) {
}
