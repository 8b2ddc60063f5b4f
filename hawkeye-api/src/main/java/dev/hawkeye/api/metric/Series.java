package dev.hawkeye.api.metric;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric key plus optional tags: the identity of one time series. Immutable; tags are kept
 * sorted by name so that two series with the same tags in a different order are equal.
 *
 * <p>Rules: a key is 1–200 characters of {@code [A-Za-z0-9_.:-]}; at most 16 tags; a tag name
 * is 1–64 characters of {@code [A-Za-z0-9_.-]}; a tag value is 1–200 printable characters (no
 * control characters, no unpaired surrogates). The constructor throws {@link InvalidPointException}
 * naming the field.
 *
 * <p>A value class rather than a record for one reason: it keeps its hash. Every point is looked up
 * by its series in the aggregator's map, and a record's hash of a tagged series walks the tags'
 * tree on each lookup.
 */
public final class Series {
    public static final int MAX_KEY_LENGTH = 200;
    public static final int MAX_TAGS = 16;
    public static final int MAX_TAG_NAME_LENGTH = 64;
    public static final int MAX_TAG_VALUE_LENGTH = 200;

    private final String key;
    private final Map<String, String> tags;
    private final int hash;

    /**
     * @param tags copied, sorted by name; {@code null} for none
     * @throws InvalidPointException naming {@code key} or {@code tags.<name>} when one breaks the rules
     */
    public Series(String key, Map<String, String> tags) {
        validateKey(key);
        if (tags == null || tags.isEmpty()) {
            tags = Map.of();
        } else {
            if (tags.size() > MAX_TAGS) {
                throw new InvalidPointException("tags", "at most " + MAX_TAGS + " tags are allowed; got " + tags.size());
            }
            TreeMap<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                validateTag(tag.getKey(), tag.getValue());
                sorted.put(tag.getKey(), tag.getValue());
            }
            tags = Collections.unmodifiableMap(sorted);
        }
        this.key = key;
        this.tags = tags;
        this.hash = 31 * key.hashCode() + tags.hashCode();
    }

    /** The metric key. */
    public String key() {
        return key;
    }

    /** The tags, sorted by name; empty when there are none. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Series
                && ((Series) other).hash == hash && ((Series) other).key.equals(key) && ((Series) other).tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** A series without tags. */
    public static Series of(String key) {
        return new Series(key, Map.of());
    }

    /** A series with the given tags. */
    public static Series of(String key, Map<String, String> tags) {
        return new Series(key, tags);
    }

    /** {@code key} or {@code key{name=value,...}}, the form used in logs and errors. */
    @Override
    public String toString() {
        if (tags.isEmpty()) {
            return key;
        }
        StringBuilder out = new StringBuilder(key).append('{');
        tags.forEach((name, value) -> out.append(name).append('=').append(value).append(','));
        out.setCharAt(out.length() - 1, '}');
        return out.toString();
    }

    private static void validateKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidPointException("key", "key is required and must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidPointException("key", "key is longer than " + MAX_KEY_LENGTH + " characters (" + key.length() + ")");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!isWordChar(c) && c != ':') {
                throw new InvalidPointException("key", "key '" + key + "' has " + describe(c) + " at position " + i
                        + "; allowed are letters, digits and _ . : -");
            }
        }
    }

    private static void validateTag(String name, String value) {
        if (name == null || name.isEmpty() || name.length() > MAX_TAG_NAME_LENGTH) {
            throw new InvalidPointException("tags", "tag name must be 1-" + MAX_TAG_NAME_LENGTH + " characters; got '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isWordChar(name.charAt(i))) {
                throw new InvalidPointException("tags." + name, "tag name '" + name + "' has " + describe(name.charAt(i))
                        + " at position " + i + "; allowed are letters, digits and _ . -");
            }
        }
        if (value == null || value.isEmpty() || value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new InvalidPointException("tags." + name, "tag '" + name + "' must have a value of 1-"
                    + MAX_TAG_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidPointException("tags." + name, "tag '" + name + "' has a control character at position " + i);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidPointException("tags." + name, "tag '" + name + "' has an unpaired surrogate (\\u"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ") at position " + i + "; it is no character");
                }
            }
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static String describe(char c) {
        return c == ' ' ? "a space" : Character.isISOControl(c) ? "a control character" : "'" + c + "'";
    }
}
