package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Version 2 monitors over many series: tag matchers, queries with a formula, group_by, and what is wrong with them. */
class FleetMonitorConfigTest {
    private static final String SOURCE = "monitors.yaml";

    @Test
    void tagsAreMatchersAndGroupByMakesInstances() {
        MonitorSpec monitor = monitor("""
                metric: http.errors
                tags: {service: checkout, region: [eu-west, eu-north], host: "web-*", stage: "!canary", zone: "*"}
                aggregate: count
                group_by: [host]
                """);

        assertThat(monitor.queries()).containsExactly(new MonitorQuery("value", SeriesSelector.matching("http.errors", List.of(
                TagMatcher.equalTo("service", "checkout"), TagMatcher.anyOf("region", List.of("eu-west", "eu-north")),
                TagMatcher.parse("host", "web-*"), TagMatcher.parse("stage", "!canary"), TagMatcher.parse("zone", "*"))),
                Aggregate.COUNT));
        assertThat(monitor.groupBy()).containsExactly("host");
        assertThat(monitor.maxGroups()).isEqualTo(1000);
        assertThat(monitor.forgetAfter()).as("max(1h, 2 windows)").isEqualTo(Duration.ofHours(1));
        assertThat(monitor.describe()).isEqualTo("count(http.errors{host=web-*,region=eu-west|eu-north,service=checkout,"
                + "stage!=canary,zone=*}) by host over 5m");
    }

    @Test
    void queriesAndAFormulaMakeARatio() {
        MonitorSpec monitor = monitor("""
                queries:
                  errors:   {metric: http.requests, tags: {service: checkout, status: "5*"}, aggregate: count}
                  requests: {metric: http.requests, tags: {service: checkout}, aggregate: count}
                value: "errors / requests * 100"
                group_by: [region]
                max_groups: 50
                forget_after: 3h
                """);

        assertThat(monitor.queries()).extracting(MonitorQuery::name).containsExactly("errors", "requests");
        assertThat(monitor.value().references()).containsExactly("errors", "requests");
        assertThat(monitor.maxGroups()).isEqualTo(50);
        assertThat(monitor.forgetAfter()).isEqualTo(Duration.ofHours(3));
        assertThat(monitor.describe(monitor.triggers().get(0))).isEqualTo("errors / requests * 100 by region > 5 over 5m, "
                + "where errors = count(http.requests{service=checkout,status=5*}), requests = count(http.requests{service=checkout})");
    }

    @Test
    void badMatchersFormulasAndGroupsAreRefusedWithWhereAndWhy() {
        assertThat(problems("""
                metric: http.errors
                tags: {host: {a: b}, stage: "", zone: "!", region: [a, "!b"]}
                aggregate: count
                """)).containsExactly(
                "monitors.yaml:6:18: monitors[0].tags.host: expected a tag matcher: a value (checkout), a glob (\"web-*\"), "
                        + "a negation (\"!canary\"), \"*\" (any value) or a list of values, got a section of keys",
                "monitors.yaml:6:33: monitors[0].tags.stage: expected a tag matcher: a value (checkout), a glob (\"web-*\"), "
                        + "a negation (\"!canary\"), \"*\" (any value) or a list of values, got an empty text",
                "monitors.yaml:6:43: monitors[0].tags.zone: a matcher of tag 'zone' has an empty value; write \"*\" for any value",
                "monitors.yaml:6:56: monitors[0].tags.region: '!b' in a list of values of tag 'region': a negation cannot be one "
                        + "of a list; write one negated value, e.g. \"!b\"");
        assertThat(problems("""
                metric: http.errors
                tags: {stage: "!canary"}
                aggregate: count
                group_by: [stage]
                """)).singleElement().asString().startsWith("monitors.yaml:8:15: monitors[0].group_by: group_by names tag 'stage', "
                + "which a matcher negates (stage!=canary)");
        assertThat(problems("""
                queries:
                  errors: {metric: http.requests, aggregate: count}
                  requests: {metric: http.requests}
                value: "errors / requsts *"
                """)).containsExactly(
                "monitors.yaml:7:17: monitors[0].queries.requests.aggregate: missing required key 'aggregate' (what to compute over "
                        + "the window: count, sum, avg, min, max, last, rate, p50, p90, p95, p99)",
                "monitors.yaml:8:12: monitors[0].value: the formula does not parse: in \"errors / requsts *\" at character 19: "
                        + "expected a number, a query name or '(', found the end");
        assertThat(problems("""
                queries:
                  errors: {metric: http.requests, aggregate: count}
                value: "errors / requests"
                """)).containsExactly("monitors.yaml:7:12: monitors[0].value: the formula refers to query 'requests', which is not "
                + "defined; defined: errors");
        assertThat(problems("""
                metric: http.errors
                aggregate: count
                value: "a / b"
                """)).singleElement().asString().contains("'value' is a formula over named queries");
    }

    private static MonitorSpec monitor(String body) {
        return new ConfigLoader(new Environment(Map.of())).parse(file(body), SOURCE).monitors().get(0);
    }

    private static List<String> problems(String body) {
        try {
            new ConfigLoader(new Environment(Map.of())).parse(file(body), SOURCE);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused:\n" + body);
    }

    /** A file with one monitor "m" over 5m, firing above 5 to ops, with {@code body} for its queries and groups. */
    private static String file(String body) {
        return "version: 2\nnotifiers: {ops: {type: console}}\nmonitors:\n  - name: m\n" + body.indent(4)
                + "    window: 5m\n    triggers: [{level: warning, when: \"> 5\", notify: [ops]}]\n";
    }
}
