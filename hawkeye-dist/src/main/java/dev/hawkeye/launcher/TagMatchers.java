package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --tag NAME=VALUE} matchers of {@code query} and {@code series}: the value as a
 * monitor's {@code tags:} writes it ({@code checkout}, {@code web-*}, {@code !canary}, {@code *});
 * a tag given more than once matches any of its values.
 */
final class TagMatchers {
    @Option(names = "--tag", paramLabel = "NAME=VALUE",
            description = "only series whose tag matches: a value, a glob (web-*), a negation (!canary, also matches series "
                    + "without the tag) or * (present); repeat a tag for any of several values, repeat --tag for several tags")
    private List<String> tags = new ArrayList<>();

    /**
     * The selector of {@code key} (null: every key) and the matchers.
     *
     * @throws ParameterException for a {@code --tag} that is not {@code NAME=VALUE}, or a matcher or key that cannot be used
     */
    SeriesSelector selector(CommandLine commandLine, String key) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String tag : tags) {
            int equals = tag.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(commandLine, "--tag must be NAME=VALUE, such as host=web-1, host=web-*, "
                        + "stage=!canary or region=*; got '" + tag + "'");
            }
            values.computeIfAbsent(tag.substring(0, equals), name -> new ArrayList<>()).add(tag.substring(equals + 1));
        }
        try {
            List<TagMatcher> matchers = new ArrayList<>(values.size());
            values.forEach((name, given) -> matchers.add(given.size() == 1 ? TagMatcher.parse(name, given.get(0))
                    : TagMatcher.anyOf(name, given)));
            return SeriesSelector.matching(key, matchers);
        } catch (InvalidPointException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /** A positive duration, else a usage error naming {@code --window}. */
    static Duration window(CommandLine commandLine, String window) {
        return PluginConfig.parseDuration(window).filter(d -> !d.isZero())
                .orElseThrow(() -> new ParameterException(commandLine,
                        "--window must be a duration such as 30s, 5m or 1h; got '" + window + "'"));
    }
}
