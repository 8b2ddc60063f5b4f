package dev.hawkeye.transport.unix;

import static dev.hawkeye.transport.unix.RpcClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.api.transport.StoreHealth;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol over a real socket: every method, both JSON-RPC forms, batches, errors. */
class ProtocolTest {
    @TempDir
    Path dir;
    TransportFixture server;
    RpcClient client;

    @BeforeEach
    void start() throws IOException {
        server = TransportFixture.start(dir);
        client = server.connect();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void recordKeepsThePointWithDefaultsAndAnswersAccepted() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"api.errors\"}}");

        assertThat(answer).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"accepted\":1,\"rejected\":[]}}"));
        assertThat(server.sink.points()).containsExactly(
                new Point(Series.of("api.errors"), MetricType.COUNTER, 1, TransportFixture.NOW.toEpochMilli()));
    }

    @Test
    void recordTakesValueTypeTagsAndTimestamp() throws IOException {
        client.call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"record\",\"params\":{\"key\":\"queue.depth\",\"value\":12.5,"
                + "\"type\":\"gauge\",\"tags\":{\"host\":\"web-1\",\"env\":\"prod\"},\"timestamp\":1700000000123}}");

        assertThat(server.sink.points()).containsExactly(new Point(
                Series.of("queue.depth", Map.of("host", "web-1", "env", "prod")), MetricType.GAUGE, 12.5, 1700000000123L));
    }

    @Test
    void recordBatchKeepsEveryPointAndCountsThem() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"recordBatch\",\"params\":{\"points\":["
                + "{\"key\":\"a\"},{\"key\":\"b\",\"value\":3},{\"key\":\"c\",\"type\":\"histogram\",\"value\":0.25}]}}");

        assertThat(answer).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"accepted\":3,\"rejected\":[]}}"));
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("a", "b", "c");
    }

    @Test
    void recordBatchKeepsTheGoodPointsAndReportsTheIndexOfEachBadOne() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"recordBatch\",\"params\":{\"points\":["
                + "{\"key\":\"good.one\"},{\"key\":\"bad key\"},{\"key\":\"good.two\",\"value\":2},{\"key\":\"x\",\"value\":\"7\"},"
                + "{\"key\":\"refused.by.core\"}]}}");

        JsonNode result = answer.get("result");
        assertThat(result.get("accepted").asInt()).isEqualTo(2);
        assertThat(result.get("rejected")).hasSize(3);
        assertThat(result.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(result.get("rejected").get(0).get("field").asText()).isEqualTo("key");
        assertThat(result.get("rejected").get(0).get("error").asText()).contains("a space");
        assertThat(result.get("rejected").get(1).get("index").asInt()).isEqualTo(3);
        assertThat(result.get("rejected").get(1).get("field").asText()).isEqualTo("value");
        assertThat(result.get("rejected").get(2).get("index").asInt()).isEqualTo(4);
        assertThat(result.get("rejected").get(2).get("error").asText()).contains("already a gauge");
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("good.one", "good.two");
        assertThat(server.counter(TransportCounter.POINTS_INVALID)).isEqualTo(2);
    }

    @Test
    void queryReadsTheAggregateOverTheWindowEndingNow() throws IOException {
        server.queries.answer(OptionalDouble.of(42));

        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"query\",\"params\":"
                + "{\"key\":\"api.errors\",\"tags\":{\"service\":\"checkout\"},\"aggregate\":\"count\",\"window\":\"5m\"}}");

        assertThat(answer).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"value\":42.0,\"aggregate\":\"count\","
                + "\"from\":\"2030-01-02T02:59:05Z\",\"to\":\"2030-01-02T03:04:05Z\",\"series\":1}}"));
        assertThat(server.queries.queries()).containsExactly(new FixedQueryService.Query(
                SeriesSelector.matching("api.errors", List.of(TagMatcher.equalTo("service", "checkout"))), List.of(),
                Aggregate.COUNT, Duration.ofMinutes(5)));
    }

    @Test
    void queryWithoutDataAnswersANullValue() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"query\",\"params\":"
                + "{\"key\":\"latency\",\"aggregate\":\"avg\",\"window\":\"30s\"}}");

        assertThat(answer.get("result").get("value").isNull()).isTrue();
        assertThat(answer.get("result").get("aggregate").asText()).isEqualTo("avg");
    }

    @Test
    void queryWithAnUnknownAggregateOrWindowNamesTheField() throws IOException {
        JsonNode aggregate = client.call("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"query\",\"params\":"
                + "{\"key\":\"latency\",\"aggregate\":\"median\",\"window\":\"30s\"}}");
        JsonNode window = client.call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"query\",\"params\":"
                + "{\"key\":\"latency\",\"aggregate\":\"max\",\"window\":\"soon\"}}");

        assertThat(aggregate.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(aggregate.get("error").get("data")).isEqualTo(json("{\"field\":\"aggregate\"}"));
        assertThat(window.get("error").get("data")).isEqualTo(json("{\"field\":\"window\"}"));
    }

    @Test
    void queryTagsAreMatchersAValueAListAGlobANegationOrPresence() throws IOException {
        server.queries.answer(new GroupedValues(Map.of(Map.of(), OptionalDouble.of(12)), 3, 0));

        JsonNode result = client.call(call("query", "{'key':'api.errors','tags':{'service':'checkout',"
                + "'region':['eu-west','eu-north'],'host':'web-*','stage':'!canary','zone':'*'},'aggregate':'count','window':'5m'}"))
                .get("result");

        assertThat(result).isEqualTo(json(quoted("{'value':12.0,'aggregate':'count','from':'2030-01-02T02:59:05Z',"
                + "'to':'2030-01-02T03:04:05Z','series':3}")));
        assertThat(server.queries.queries()).containsExactly(new FixedQueryService.Query(SeriesSelector.matching("api.errors", List.of(
                TagMatcher.equalTo("service", "checkout"),
                TagMatcher.anyOf("region", List.of("eu-west", "eu-north")),
                TagMatcher.parse("host", "web-*"),
                new TagMatcher("stage", List.of("canary"), true),
                TagMatcher.parse("zone", "*"))), List.of(), Aggregate.COUNT, Duration.ofMinutes(5)));
    }

    @Test
    void aCountOfAWindowWithoutDataIsZeroOfNoSeriesAndAnAverageIsNull() throws IOException {
        JsonNode count = client.call(call("query", "{'key':'api.errors','tags':{'host':'web-*'},'aggregate':'count','window':'5m'}"));
        JsonNode average = client.call(call("query", "{'key':'api.errors','aggregate':'avg','window':'5m'}"));

        assertThat(count.get("result").get("value")).isEqualTo(json("0.0"));
        assertThat(count.get("result").get("series").asInt()).isZero();
        assertThat(average.get("result").get("value").isNull()).isTrue();
    }

    @Test
    void queryByAnswersEachGroupWithItsTagsInTheOrderOfBySortedByTheirValues() throws IOException {
        server.queries.answer(new GroupedValues(Map.of(
                Map.of("host", "web-2", "region", "eu"), OptionalDouble.of(5),
                Map.of("host", "web-1", "region", "us"), OptionalDouble.of(3),
                Map.of("host", "web-1", "region", "eu"), OptionalDouble.empty()), 7, 2));

        JsonNode result = client.call(call("query", "{'key':'api.latency','tags':{'host':'web-*'},'aggregate':'p99',"
                + "'window':'1m','by':['region','host']}")).get("result");

        assertThat(result).isEqualTo(json(quoted("{'groups':["
                + "{'tags':{'region':'eu','host':'web-1'},'value':null},"
                + "{'tags':{'region':'eu','host':'web-2'},'value':5.0},"
                + "{'tags':{'region':'us','host':'web-1'},'value':3.0}],"
                + "'aggregate':'p99','from':'2030-01-02T03:03:05Z','to':'2030-01-02T03:04:05Z','groupsLeftOut':2}")));
        assertThat(result.get("groups").get(0).get("tags").fieldNames()).toIterable().containsExactly("region", "host");
        assertThat(server.queries.queries()).containsExactly(new FixedQueryService.Query(
                SeriesSelector.matching("api.latency", List.of(TagMatcher.parse("host", "web-*"))), List.of("region", "host"),
                Aggregate.P99, Duration.ofMinutes(1)));
    }

    @Test
    void queryByWithoutDataAnswersNoGroupsAndAnEmptyByAnswersTheOneGroupOfEverySeries() throws IOException {
        JsonNode byHost = client.call(call("query", "{'key':'api.errors','aggregate':'count','window':'5m','by':['host']}"));
        JsonNode byNothing = client.call(call("query", "{'key':'api.errors','aggregate':'count','window':'5m','by':[]}"));

        assertThat(byHost.get("result").get("groups")).isEmpty();
        assertThat(byHost.get("result").get("groupsLeftOut").asInt()).isZero();
        assertThat(byNothing.get("result").get("groups")).isEqualTo(json(quoted("[{'tags':{},'value':0.0}]")));
    }

    @Test
    void aMatcherThatCannotBeReadIsInvalidParamsNamingItsTag() throws IOException {
        assertThat(queryError("'tags':{'host':7}")).isEqualTo(
                "tags.host: tag 'host' must have a string value (\"web-1\", \"web-*\", \"!canary\", \"*\") or a list of them; got the number 7");
        assertThat(queryError("'tags':{'host':{'glob':'web-*'}}")).startsWith("tags.host: ").endsWith("got an object");
        assertThat(queryError("'tags':{'region':['eu-west',3]}")).isEqualTo(
                "tags.region: the values listed for tag 'region' must be strings; got the number 3");
        assertThat(queryError("'tags':{'host':''}")).isEqualTo(
                "tags.host: a matcher of tag 'host' has an empty value; write \"*\" for any value");
        assertThat(queryError("'tags':{'stage':'!'}")).startsWith("tags.stage: a matcher of tag 'stage' has an empty value");
        assertThat(queryError("'tags':{'region':[]}")).isEqualTo("tags.region: a matcher of tag 'region' needs at least one value");
        assertThat(queryError("'tags':{'stage':['beta','!canary']}")).startsWith("tags.stage: '!canary' in a list of values");
        assertThat(queryError("'tags':{'bad tag':'x'}")).startsWith("tags.bad tag: tag name 'bad tag' has a space");
        assertThat(queryError("'tags':['host']")).startsWith("tags: tags must be an object");
    }

    @Test
    void aByThatCannotBeUsedIsInvalidParamsNamingBy() throws IOException {
        assertThat(queryError("'by':'host'")).isEqualTo("by: by must be a list of tag names; got a string \"host\"");
        assertThat(queryError("'by':[7]")).isEqualTo("by: by must be a list of tag names; got the number 7 in it");
        assertThat(queryError("'by':['host','host']")).isEqualTo("by: by names tag 'host' twice");
        assertThat(queryError("'by':['no space']")).startsWith("by: by: tag name 'no space' has a space");
        assertThat(queryError("'tags':{'stage':'!canary'},'by':['stage']")).isEqualTo("by: cannot group by tag 'stage': "
                + "tags.stage negates it (stage!=canary), which also selects series without the tag, and those belong to no group");
        assertThat(queryError("'group_by':['host']")).startsWith("group_by: unknown field 'group_by'");
        assertThat(server.queries.queries()).isEmpty();
    }

    @Test
    void aStoreThatCannotFindSeriesByMatchersIsAnErrorWithItsMessageAndTheConnectionGoesOn() throws IOException {
        server.queries.failWith(new UnsupportedOperationException(
                "this store cannot read series by tag matchers (api.errors{host=web-*}): it keeps no index of series"));

        JsonNode query = client.call(call("query", "{'key':'api.errors','tags':{'host':'web-*'},'aggregate':'count','window':'5m'}"));
        JsonNode series = client.call(call("series", "{'tags':{'host':'web-*'}}"));
        JsonNode oldForm = client.call("{\"method\":\"Hawkeye.Query\",\"params\":[{\"key\":\"api.errors\",\"tags\":{\"host\":\"web-*\"},"
                + "\"aggregate\":\"count\",\"window\":\"5m\"}],\"id\":3}");

        assertThat(query.get("error")).isEqualTo(json(quoted("{'code':-32001,'message':'this store cannot read series by tag "
                + "matchers (api.errors{host=web-*}): it keeps no index of series'}")));
        assertThat(codeOf(series)).isEqualTo(-32001);
        assertThat(oldForm.get("error").asText()).startsWith("this store cannot read series by tag matchers");
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
        assertThat(server.counter(TransportCounter.REQUESTS_FAILED)).as("the store's limit is no failure of the server").isZero();
    }

    @Test
    void seriesListsEachSeriesWithItsTypeAndLastPointSortedByKeyThenTags() throws IOException {
        server.queries.answer(List.of(
                new SeriesInfo(Series.of("queue.depth"), MetricType.GAUGE, Instant.parse("2030-01-02T03:04:00Z"), 7),
                new SeriesInfo(Series.of("api.errors", Map.of("host", "web-2")), MetricType.COUNTER,
                        Instant.parse("2030-01-02T03:03:00.250Z"), 4),
                new SeriesInfo(Series.of("api.errors", Map.of("host", "web-1", "stage", "canary")), MetricType.COUNTER,
                        Instant.parse("2030-01-02T03:04:01Z"), 1),
                new SeriesInfo(Series.of("api.errors", Map.of("host", "web-1")), MetricType.COUNTER,
                        Instant.parse("2030-01-02T03:02:00Z"), 2.5)));

        JsonNode result = client.call(call("series", "{}")).get("result");

        assertThat(result).isEqualTo(json(quoted("{'series':["
                + "{'key':'api.errors','tags':{'host':'web-1'},'type':'counter','lastPointAt':'2030-01-02T03:02:00Z','lastValue':2.5},"
                + "{'key':'api.errors','tags':{'host':'web-1','stage':'canary'},'type':'counter','lastPointAt':'2030-01-02T03:04:01Z','lastValue':1.0},"
                + "{'key':'api.errors','tags':{'host':'web-2'},'type':'counter','lastPointAt':'2030-01-02T03:03:00.250Z','lastValue':4.0},"
                + "{'key':'queue.depth','tags':{},'type':'gauge','lastPointAt':'2030-01-02T03:04:00Z','lastValue':7.0}],"
                + "'truncated':false}")));
        assertThat(server.queries.listings()).containsExactly(
                new FixedQueryService.Listing(SeriesSelector.matching(null, List.of()), Duration.ofHours(1)));
    }

    @Test
    void seriesSelectsByKeyAndMatchersOverTheWindowAskedFor() throws IOException {
        client.call(call("series", "{'key':'api.errors','tags':{'host':['web-1','web-2'],'stage':'!canary'},'window':'5m'}"));
        client.call(call("series", "{'tags':{'service':'*'}}"));

        assertThat(server.queries.listings()).containsExactly(
                new FixedQueryService.Listing(SeriesSelector.matching("api.errors", List.of(
                        TagMatcher.anyOf("host", List.of("web-1", "web-2")), TagMatcher.parse("stage", "!canary"))), Duration.ofMinutes(5)),
                new FixedQueryService.Listing(SeriesSelector.matching(null, List.of(TagMatcher.parse("service", "*"))), Duration.ofHours(1)));
    }

    @Test
    void aListingThatReachedItsLimitSaysItIsTruncated() throws IOException {
        List<SeriesInfo> many = new java.util.ArrayList<>();
        for (int i = 0; i < QueryService.MAX_SERIES; i++) {
            many.add(new SeriesInfo(Series.of("k", Map.of("n", Integer.toString(i))), MetricType.GAUGE, TransportFixture.NOW, i));
        }
        server.queries.answer(many);

        JsonNode result = client.call(call("series", "{'key':'k'}")).get("result");

        assertThat(result.get("series")).hasSize(QueryService.MAX_SERIES);
        assertThat(result.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void seriesParamsThatCannotBeUsedAreInvalidParamsNamingTheField() throws IOException {
        assertThat(fieldOf(client.call(call("series", "{'key':7}")))).isEqualTo("key");
        assertThat(fieldOf(client.call(call("series", "{'key':'bad key'}")))).isEqualTo("key");
        assertThat(fieldOf(client.call(call("series", "{'tags':{'host':''}}")))).isEqualTo("tags.host");
        assertThat(fieldOf(client.call(call("series", "{'window':'soon'}")))).isEqualTo("window");
        assertThat(fieldOf(client.call(call("series", "{'by':['host']}")))).isEqualTo("by");
        assertThat(fieldOf(client.call(call("series", "[1]")))).isEqualTo("params");
        assertThat(server.queries.listings()).isEmpty();
    }

    @Test
    void statusReportsMonitorsAndCountersIncludingTheTransports() throws IOException {
        server.queries.answer(new StatusReport(List.of(
                new MonitorStatus("checkout-errors", "FIRING", "critical", 1200, "count(api.errors) over 5m >= 1000",
                        Instant.parse("2030-01-02T03:00:00Z"), Instant.parse("2030-01-02T03:00:01Z")),
                new MonitorStatus("idle", "UNKNOWN", null, Double.NaN, "count(idle) over 1m >= 1", Instant.parse("2030-01-02T03:00:00Z"), null)),
                Map.of("points.accepted", 7L)));

        JsonNode result = client.call("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"status\"}").get("result");

        assertThat(result.get("monitors").get(0)).isEqualTo(json("{\"name\":\"checkout-errors\",\"state\":\"FIRING\","
                + "\"level\":\"critical\",\"value\":1200.0,\"condition\":\"count(api.errors) over 5m >= 1000\","
                + "\"since\":\"2030-01-02T03:00:00Z\",\"lastNotified\":\"2030-01-02T03:00:01Z\"}"));
        assertThat(result.get("monitors").get(1).get("value").isNull()).isTrue();
        assertThat(result.get("monitors").get(1).get("lastNotified").isNull()).isTrue();
        assertThat(result.get("counters").get("points.accepted").asLong()).isEqualTo(7);
        // The transport's own counters reach status through core (Transport.counters), not added here a second time.
        assertThat(result.get("counters").has("transport.connections.refused")).isFalse();
        assertThat(server.transport.counters()).containsKey("transport.connections.refused");
        assertThat(result.get("store")).isEqualTo(json("{\"available\":true,\"since\":null,\"reason\":null}"));
    }

    @Test
    void statusSaysSinceWhenAndWhyTheStoreIsUnavailable() throws IOException {
        server.queries.answer(new StatusReport(List.of(), Map.of(), StoreHealth.unavailable(Instant.parse("2030-01-02T03:00:00.250Z"),
                "redis write failed at redis://:***@db:6379/0: Connection refused")));

        JsonNode result = client.call("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"status\"}").get("result");

        assertThat(result.get("store")).isEqualTo(json("{\"available\":false,\"since\":\"2030-01-02T03:00:00.250Z\","
                + "\"reason\":\"redis write failed at redis://:***@db:6379/0: Connection refused\"}"));
    }

    @Test
    void pingAnswersPong() throws IOException {
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}"))
                .isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":\"pong\"}"));
    }

    @Test
    void everyMethodAnswersToItsHawkeyeAliasWithArrayParamsAsGoSendsThem() throws IOException {
        server.queries.answer(OptionalDouble.of(3));

        assertThat(client.call("{\"method\":\"Hawkeye.Record\",\"params\":[{\"key\":\"go.calls\",\"value\":2}],\"id\":0}"))
                .isEqualTo(json("{\"id\":0,\"result\":{\"accepted\":1,\"rejected\":[]},\"error\":null}"));
        assertThat(client.call("{\"method\":\"Hawkeye.RecordBatch\",\"params\":[{\"points\":[{\"key\":\"go.batch\"}]}],\"id\":1}"))
                .isEqualTo(json("{\"id\":1,\"result\":{\"accepted\":1,\"rejected\":[]},\"error\":null}"));
        assertThat(client.call("{\"method\":\"Hawkeye.Query\",\"params\":[{\"key\":\"go.calls\",\"aggregate\":\"sum\",\"window\":\"1h\"}],\"id\":2}"))
                .isEqualTo(json("{\"id\":2,\"result\":{\"value\":3.0,\"aggregate\":\"sum\",\"from\":\"2030-01-02T02:04:05Z\","
                        + "\"to\":\"2030-01-02T03:04:05Z\",\"series\":1},\"error\":null}"));
        assertThat(client.call("{\"method\":\"Hawkeye.Series\",\"params\":[null],\"id\":5}"))
                .isEqualTo(json("{\"id\":5,\"result\":{\"series\":[],\"truncated\":false},\"error\":null}"));
        assertThat(client.call("{\"method\":\"Hawkeye.Status\",\"params\":[null],\"id\":3}").get("result").has("monitors")).isTrue();
        assertThat(client.call("{\"method\":\"Hawkeye.Ping\",\"params\":[{}],\"id\":4}"))
                .isEqualTo(json("{\"id\":4,\"result\":\"pong\",\"error\":null}"));
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("go.calls", "go.batch");
    }

    @Test
    void aliasesAndArrayParamsWorkInTwoPointZeroFormToo() throws IOException {
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"method\":\"Hawkeye.Record\",\"params\":[{\"key\":\"k\"}],\"id\":10}"))
                .isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{\"accepted\":1,\"rejected\":[]}}"));
    }

    @Test
    void everyMethodAnswersInOnePointZeroFormWithoutTheJsonrpcMember() throws IOException {
        assertThat(client.call("{\"id\":\"r\",\"method\":\"record\",\"params\":{\"key\":\"k\"}}"))
                .isEqualTo(json("{\"id\":\"r\",\"result\":{\"accepted\":1,\"rejected\":[]},\"error\":null}"));
        assertThat(client.call("{\"id\":\"b\",\"method\":\"recordBatch\",\"params\":[{\"points\":[{\"key\":\"k\"},{\"key\":\"\"}]}]}").get("result"))
                .isEqualTo(json("{\"accepted\":1,\"rejected\":[{\"index\":1,\"error\":\"key is required and must not be empty\",\"field\":\"key\"}]}"));
        assertThat(client.call("{\"id\":\"q\",\"method\":\"query\",\"params\":[{\"key\":\"k\",\"aggregate\":\"last\",\"window\":\"10s\"}]}"))
                .isEqualTo(json("{\"id\":\"q\",\"result\":{\"value\":null,\"aggregate\":\"last\",\"from\":\"2030-01-02T03:03:55Z\","
                        + "\"to\":\"2030-01-02T03:04:05Z\",\"series\":0},\"error\":null}"));
        assertThat(client.call("{\"id\":\"s\",\"method\":\"status\",\"params\":[]}").get("error").isNull()).isTrue();
        assertThat(client.call("{\"id\":\"p\",\"method\":\"ping\",\"params\":[]}"))
                .isEqualTo(json("{\"id\":\"p\",\"result\":\"pong\",\"error\":null}"));
    }

    @Test
    void onePointZeroErrorsAreStringsWithANullResult() throws IOException {
        JsonNode badPoint = client.call("{\"method\":\"Hawkeye.Record\",\"params\":[{\"key\":\"has space\"}],\"id\":5}");
        JsonNode unknown = client.call("{\"method\":\"Hawkeye.Explode\",\"params\":[{}],\"id\":6}");

        assertThat(badPoint.get("result").isNull()).isTrue();
        assertThat(badPoint.get("error").isTextual()).isTrue();
        assertThat(badPoint.get("error").asText()).contains("key 'has space' has a space");
        assertThat(badPoint.has("jsonrpc")).isFalse();
        assertThat(unknown).isEqualTo(json("{\"id\":6,\"result\":null,\"error\":\"method not found: 'Hawkeye.Explode';"
                + " methods are record, recordBatch, query, queryRange, series, status, ping (or Hawkeye.Record, ...)\"}"));
    }

    @Test
    void aBatchIsAnsweredWithAnArrayInWhichNotificationsHaveNoEntry() throws IOException {
        JsonNode answer = client.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"from.notification\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"record\",\"params\":{\"key\":\"in.batch\"}}]");

        assertThat(answer.isArray()).isTrue();
        assertThat(answer).hasSize(3);
        assertThat(answer.get(0)).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}"));
        assertThat(answer.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(answer.get(2).get("id").asInt()).isEqualTo(3);
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("from.notification", "in.batch");
    }

    @Test
    void aBatchOfNotificationsOnlyIsNotAnswered() throws IOException {
        client.send("[{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"n1\"}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"n2\"}}]\n");

        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ping\"}").get("id").asText()).isEqualTo("after");
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("n1", "n2");
    }

    @Test
    void anEmptyBatchOrABatchOfNonObjectsIsAnInvalidRequest() throws IOException {
        assertThat(client.call("[]")).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
                + "{\"code\":-32600,\"message\":\"invalid request: an empty batch\"}}"));
        JsonNode answer = client.call("[1,2]");
        assertThat(answer).hasSize(2);
        assertThat(answer.get(0).get("error").get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void notificationsAreNeverAnsweredNotEvenWhenTheyFail() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"quiet\"}}\n");
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"bad key\"}}\n");
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"no.such.method\"}\n");
        client.send("{\"method\":\"record\",\"params\":[{\"key\":\"quiet.v1\"}],\"id\":null}\n");

        assertThat(client.silentFor(300)).isTrue();
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("quiet", "quiet.v1");
    }

    @Test
    void aCallHoldingAFieldTwiceIsRefusedNamingItAndTheRestOfItsBatchRuns() throws IOException {
        JsonNode single = client.call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"record\","
                + "\"params\":{\"key\":\"first\",\"value\":1,\"key\":\"second\"}}");
        JsonNode batch = client.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"before\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"recordBatch\",\"params\":{\"points\":["
                + "{\"key\":\"a\",\"tags\":{\"host\":\"x\",\"host\":\"y\"}}]}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"record\",\"params\":{\"key\":\"after\"}}]");

        assertThat(codeOf(single)).isEqualTo(-32600);
        assertThat(single.get("id").asInt()).isEqualTo(7);
        assertThat(single.get("error").get("message").asText()).contains("field 'key' twice in one object (line 1, column");
        assertThat(batch).hasSize(3);
        assertThat(batch.get(0).get("result").get("accepted").asInt()).isEqualTo(1);
        assertThat(codeOf(batch.get(1))).isEqualTo(-32600);
        assertThat(batch.get(1).get("id").asInt()).isEqualTo(2);
        assertThat(batch.get(1).get("error").get("message").asText()).contains("field 'host' twice");
        assertThat(batch.get(2).get("result").get("accepted").asInt()).isEqualTo(1);
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("before", "after");
        assertThat(server.counter(TransportCounter.CALLS_DUPLICATE_FIELDS)).isEqualTo(2);
    }

    @Test
    void malformedJsonIsAParseErrorAndTheConnectionGoesOn() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\": oops}}");

        assertThat(answer.get("id").isNull()).isTrue();
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(answer.get("error").get("message").asText()).startsWith("parse error: ").contains("at byte");
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
        assertThat(server.counter(TransportCounter.MESSAGES_MALFORMED)).isEqualTo(1);
    }

    @Test
    void aParseErrorIsAnsweredInItsPlaceAmongRequestsSentBackToBack() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\": oops}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"record\",\"params\":{\"key\":\"after.garbage\"}}\n"
                + "not json either\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\n");

        List<JsonNode> answers = List.of(client.read(), client.read(), client.read(), client.read(), client.read());

        assertThat(answers).extracting(answer -> answer.get("id").isNull() ? "null" : answer.get("id").asText())
                .containsExactly("1", "null", "3", "null", "5");
        assertThat(answers.get(1).get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(answers.get(3).get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("after.garbage");
    }

    @Test
    void aWrongTypeForValueIsInvalidParamsNamingValue() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"k\",\"value\":\"12\"}}");

        assertThat(answer.get("id").asInt()).isEqualTo(1);
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(answer.get("error").get("message").asText()).isEqualTo("value must be a number; got a string \"12\"");
        assertThat(answer.get("error").get("data")).isEqualTo(json("{\"field\":\"value\"}"));
        assertThat(server.sink.points()).isEmpty();
    }

    @Test
    void nanAndInfinityAreRefusedNamingValue() throws IOException {
        JsonNode nan = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"k\",\"value\":NaN}}");
        JsonNode infinite = client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\":\"k\",\"value\":1e999}}");

        assertThat(nan.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(nan.get("error").get("data")).isEqualTo(json("{\"field\":\"value\"}"));
        assertThat(nan.get("error").get("message").asText()).contains("finite");
        assertThat(infinite.get("error").get("data")).isEqualTo(json("{\"field\":\"value\"}"));
        assertThat(server.sink.points()).isEmpty();
    }

    @Test
    void aKeyWithASpaceIsRefusedNamingKey() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"api errors\"}}");

        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(answer.get("error").get("data")).isEqualTo(json("{\"field\":\"key\"}"));
        assertThat(answer.get("error").get("message").asText()).contains("a space at position 3");
    }

    @Test
    void otherBadPointFieldsAreNamedToo() throws IOException {
        assertThat(fieldOf(client.call(record("{\"key\":\"k\",\"type\":\"meter\"}")))).isEqualTo("type");
        assertThat(fieldOf(client.call(record("{\"key\":\"k\",\"tags\":{\"host\":7}}")))).isEqualTo("tags.host");
        assertThat(fieldOf(client.call(record("{\"key\":\"k\",\"timestamp\":\"yesterday\"}")))).isEqualTo("timestamp");
        assertThat(fieldOf(client.call(record("{\"key\":\"k\",\"valeu\":3}")))).isEqualTo("valeu");
        assertThat(client.call(record("{\"key\":\"k\",\"valeu\":3}")).get("error").get("message").asText()).contains("did you mean 'value'?");
        assertThat(fieldOf(client.call(record("{\"value\":3}")))).isEqualTo("key");
        assertThat(fieldOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\"}"))).isEqualTo("params");
        assertThat(fieldOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":3}}"))).isEqualTo("points");
        assertThat(fieldOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":[{\"key\":\"a\"},{\"key\":\"b\"}]}"))).isEqualTo("params");
    }

    @Test
    void anUnknownMethodIsMethodNotFoundNamingIt() throws IOException {
        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recrod\"}");

        assertThat(answer.get("id").asInt()).isEqualTo(1);
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(answer.get("error").get("message").asText()).contains("'recrod'");
    }

    @Test
    void aRequestThatIsNotARequestObjectIsAnInvalidRequest() throws IOException {
        assertThat(codeOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"))).isEqualTo(-32600);
        assertThat(codeOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1}"))).isEqualTo(-32600);
        assertThat(codeOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}"))).isEqualTo(-32600);
        assertThat(codeOf(client.call("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}"))).isEqualTo(-32600);
        assertThat(codeOf(client.call("\"ping\""))).isEqualTo(-32600);
    }

    @Test
    void idsOfEveryKindAreEchoedAsSent() throws IOException {
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"ping\"}").get("id").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("12345678901234567890"));
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}").get("id").asDouble()).isEqualTo(1.5);
        assertThat(client.call("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}").get("id").isNull()).isTrue();
    }

    @Test
    void answersAreOneLineEach() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

        assertThat(client.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}");
    }

    @Test
    void pointsSentOnAClosingConnectionAreStillRecorded() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"last.words\"}}");
        client.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> server.sink.points().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.transport.openConnections() == 0);
    }

    /** A 2.0 request of {@code method}; the params are written with ' for ". */
    private static String call(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + quoted(params) + "}";
    }

    /** JSON written with ' for ", to be read. */
    private static String quoted(String json) {
        return json.replace('\'', '"');
    }

    /** {@code field: message} of the -32602 error answering a count of api.errors over 5m with these params besides. */
    private String queryError(String params) throws IOException {
        JsonNode answer = client.call(call("query", "{'key':'api.errors','aggregate':'count','window':'5m'," + params + "}"));
        return fieldOf(answer) + ": " + answer.get("error").get("message").asText();
    }

    private static String record(String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":" + params + "}";
    }

    private static String fieldOf(JsonNode answer) {
        assertThat(codeOf(answer)).as(answer.toString()).isEqualTo(-32602);
        return answer.get("error").get("data").get("field").asText();
    }

    private static int codeOf(JsonNode answer) {
        return answer.get("error").get("code").asInt();
    }
}
