package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupPlanTest {
    private static final Series EU_WEB_1 = Series.of("k", Map.of("region", "eu", "host", "web-1"));
    private static final Series EU_WEB_2 = Series.of("k", Map.of("region", "eu", "host", "web-2"));
    private static final Series US_WEB_1 = Series.of("k", Map.of("region", "us", "host", "web-1"));
    private static final Series NO_REGION = Series.of("k", Map.of("host", "web-3"));

    @Test
    void seriesSharingTheGroupTagsValuesFormAGroupAndSeriesLackingOneBelongToNone() {
        GroupPlan plan = GroupPlan.of(List.of(US_WEB_1, EU_WEB_1, NO_REGION, EU_WEB_2), List.of("region"), 10);

        assertThat(plan.groups()).containsExactly(Map.of("region", "eu"), Map.of("region", "us"));
        assertThat(plan.series()).containsExactly(EU_WEB_1, EU_WEB_2, US_WEB_1);
        assertThat(plan.groupOf()).containsExactly(0, 0, 1);
        assertThat(plan.groupsLeftOut()).isZero();
    }

    @Test
    void withoutGroupTagsEverySeriesIsInTheOneEmptyGroup() {
        GroupPlan plan = GroupPlan.of(List.of(US_WEB_1, NO_REGION), List.of(), 1);

        assertThat(plan.groups()).containsExactly(Map.of());
        assertThat(plan.series()).containsExactly(US_WEB_1, NO_REGION);
    }

    @Test
    void keepsTheFirstGroupsInTheOrderOfTheirValuesTagByTagAndCountsTheRest() {
        List<Series> candidates = List.of(US_WEB_1, EU_WEB_2, EU_WEB_1);

        GroupPlan plan = GroupPlan.of(candidates, List.of("region", "host"), 2);

        // the values in the order of the tags' names, host before region: (web-1, eu), (web-1, us), then (web-2, eu)
        assertThat(plan.groups()).containsExactly(Map.of("host", "web-1", "region", "eu"), Map.of("host", "web-1", "region", "us"));
        assertThat(plan.series()).containsExactly(EU_WEB_1, US_WEB_1);
        assertThat(plan.groupsLeftOut()).isEqualTo(1);
        assertThat(GroupPlan.of(List.of(EU_WEB_1, EU_WEB_2, US_WEB_1), List.of("host", "region"), 2).groups())
                .as("the same groups whatever the order of the series").isEqualTo(plan.groups());
        assertThat(GroupPlan.of(candidates, List.of("region"), 0).groupsLeftOut()).isEqualTo(2);
    }
}
