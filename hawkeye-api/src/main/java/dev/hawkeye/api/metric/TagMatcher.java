package dev.hawkeye.api.metric;

import java.util.List;
import java.util.Map;

/**
 * A condition on one tag of a series, as a monitor's {@code tags:} or {@code --tag} on the command
 * line writes it. Immutable.
 *
 * <p>A matcher holds one or more <em>globs</em>, where {@code *} stands for any run of characters
 * (possibly empty) and every other character for itself: {@code checkout} is an exact value,
 * {@code web-*} a prefix, {@code *} any value. It holds when the series has the tag and its value
 * matches one of the globs; a negated matcher ({@code !canary}) holds when it does not, which
 * includes a series without the tag (as Prometheus's {@code !=}).
 *
 * @param tag     the tag's name (the rules of {@link Series})
 * @param globs   what the value may be, at least one, none empty
 * @param negated whether the matcher holds when the value matches none of the globs
 */
public record TagMatcher(String tag, List<String> globs, boolean negated) {
    public TagMatcher {
        globs = List.copyOf(globs);
        new Series("k", Map.of(tag, "v"));  // validates the name with the rules and messages of a series
        if (globs.isEmpty()) {
            throw new InvalidPointException("tags." + tag, "a matcher of tag '" + tag + "' needs at least one value");
        }
        for (String glob : globs) {
            if (glob.isEmpty()) {
                throw new InvalidPointException("tags." + tag, "a matcher of tag '" + tag + "' has an empty value; "
                        + "write \"*\" for any value");
            }
        }
    }

    /** The tag equals {@code value} (a value holding {@code *} is a glob, which matches itself too). */
    public static TagMatcher equalTo(String tag, String value) {
        return new TagMatcher(tag, List.of(value), false);
    }

    /**
     * Reads one matcher as written: {@code value}, {@code glob*}, {@code *} (present), {@code !glob}
     * (negated; also holds without the tag).
     *
     * @throws InvalidPointException naming {@code tags.<tag>} for an empty value or a bad tag name
     */
    public static TagMatcher parse(String tag, String text) {
        boolean negated = text.startsWith("!");
        return new TagMatcher(tag, List.of(negated ? text.substring(1) : text), negated);
    }

    /**
     * Any of {@code globs}, as a list is written ({@code [eu-west, eu-north]}).
     *
     * @throws InvalidPointException naming {@code tags.<tag>} for an empty list or value, or a
     *                               negation ({@code !x}) in the list, which would not mean "none of"
     */
    public static TagMatcher anyOf(String tag, List<String> globs) {
        for (String glob : globs) {
            if (glob.startsWith("!")) {
                throw new InvalidPointException("tags." + tag, "'" + glob + "' in a list of values of tag '" + tag
                        + "': a negation cannot be one of a list; write one negated value, e.g. \"!" + glob.substring(1) + "\"");
            }
        }
        return new TagMatcher(tag, globs, false);
    }

    /** Whether a series with {@code tags} passes. */
    public boolean matches(Map<String, String> tags) {
        String value = tags.get(tag);
        boolean matched = false;
        if (value != null) {
            for (String glob : globs) {
                if (globMatches(glob, value)) {
                    matched = true;
                    break;
                }
            }
        }
        return matched != negated;
    }

    /** The exact value this matcher demands, when it is one value without {@code *} and not negated; else null. */
    public String exactValue() {
        return !negated && globs.size() == 1 && globs.get(0).indexOf('*') < 0 ? globs.get(0) : null;
    }

    /** {@code host=web-*}, {@code stage!=canary}, {@code region=eu-west|eu-north}. */
    @Override
    public String toString() {
        return tag + (negated ? "!=" : "=") + String.join("|", globs);
    }

    /** Whether {@code value} matches {@code glob}, {@code *} matching any run; linear in practice (greedy with one backtrack point). */
    static boolean globMatches(String glob, String value) {
        int g = 0;
        int v = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (v < value.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                starAt = g++;
                resumeAt = v;
            } else if (g < glob.length() && glob.charAt(g) == value.charAt(v)) {
                g++;
                v++;
            } else if (starAt >= 0) {
                g = starAt + 1;
                v = ++resumeAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
