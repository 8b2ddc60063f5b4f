package dev.hawkeye.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * Micrometer's names and tags as hawkeye keys and tags: names and tag keys in dot case
 * ({@link NamingConvention#dot}), each character a hawkeye key does not allow replaced by
 * {@code _}, cut to hawkeye's lengths (200 for a key or tag value, 64 for a tag name); a tag value
 * keeps every printable character, and an empty one becomes {@code none}.
 */
public final class HawkeyeNamingConvention implements NamingConvention {
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_TAG_NAME_LENGTH = 64;
    static final int MAX_TAG_VALUE_LENGTH = 200;
    static final String EMPTY_TAG_VALUE = "none";

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return replaceOthers(NamingConvention.dot.name(name, type, baseUnit), true, MAX_KEY_LENGTH);
    }

    @Override
    public String tagKey(String key) {
        return replaceOthers(NamingConvention.dot.tagKey(key), false, MAX_TAG_NAME_LENGTH);
    }

    @Override
    public String tagValue(String value) {
        if (value.isEmpty()) {
            return EMPTY_TAG_VALUE;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_TAG_VALUE_LENGTH));
        for (int i = 0; i < value.length() && out.length() < MAX_TAG_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '_' : c);
        }
        return out.toString();
    }

    private static String replaceOthers(String text, boolean colonAllowed, int maxLength) {
        String cut = text.length() > maxLength ? text.substring(0, maxLength) : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || (colonAllowed && c == ':');
            out.append(kept ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
