package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The printable name of a series inside Redis keys: its key, then {@code ;} and its
 * {@linkplain SeriesTags tags as text} when it has any. An id longer than
 * {@value #MAX_PLAIN_LENGTH} characters is replaced by the first {@value #KEPT_KEY_LENGTH}
 * characters of the key, {@code #} and the first 32 hex digits of the SHA-256 of the full id. The id never holds <code>{</code> or <code>}</code>, so it can be
 * a Redis Cluster hash tag. Stable: the same series always gives the same id, in every process.
 */
final class SeriesId {
    static final int MAX_PLAIN_LENGTH = 160;
    static final int KEPT_KEY_LENGTH = 64;

    private SeriesId() {
    }

    static String of(Series series) {
        StringBuilder id = new StringBuilder(series.key());
        if (!series.tags().isEmpty()) {
            id.append(';').append(SeriesTags.encode(series.tags()));
        }
        if (id.length() <= MAX_PLAIN_LENGTH) {
            return id.toString();
        }
        String key = series.key();
        return key.substring(0, Math.min(key.length(), KEPT_KEY_LENGTH)) + '#' + sha256Hex(id.toString()).substring(0, 32);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
