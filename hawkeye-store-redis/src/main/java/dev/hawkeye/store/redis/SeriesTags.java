package dev.hawkeye.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tags of a series as the text of its entry in the metric's index ({@link KeyLayout#seriesIndexKey}):
 * {@code name=value} for each tag in name order, joined by {@code ;}, with every byte of a value
 * outside {@code [A-Za-z0-9_.:-]} written {@code %XX} (UTF-8); empty for no tags. Tag names never hold
 * {@code ;}, {@code =} or {@code %}, so the text reads back as the same tags. It is the part of a
 * {@link SeriesId} after the key. Stateless.
 */
final class SeriesTags {
    private SeriesTags() {
    }

    static String encode(Map<String, String> tags) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(tag.getKey()).append('=');
            escape(tag.getValue(), out);
        }
        return out.toString();
    }

    /**
     * The tags {@code text} holds.
     *
     * @throws IllegalArgumentException when it is not a text {@link #encode} writes
     */
    static Map<String, String> decode(String text) {
        Map<String, String> tags = new TreeMap<>();
        if (text.isEmpty()) {
            return tags;
        }
        for (String tag : text.split(";", -1)) {
            int equals = tag.indexOf('=');
            if (equals < 1 || tags.put(tag.substring(0, equals), unescape(tag.substring(equals + 1))) != null) {
                throw new IllegalArgumentException("'" + tag + "' is no tag of a series index entry");
            }
        }
        return tags;
    }

    private static void escape(String value, StringBuilder out) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    private static String unescape(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("'" + value + "' has a bad escape at position " + i);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
