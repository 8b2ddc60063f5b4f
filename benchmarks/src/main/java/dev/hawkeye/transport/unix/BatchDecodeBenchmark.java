package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.testing.NoQueries;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.ingest.Aggregator;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import dev.hawkeye.protocol.PointReader;
import dev.hawkeye.protocol.SeriesTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's cost of one {@code recordBatch} of 1000 increments, in full or as the Java client
 * writes them, per point (the score is points per second): tokens only (Jackson's streaming parser, the floor), the
 * framer with the fast path ({@link RecordDecoder}), the same plus recording into a real
 * {@link Aggregator}, and the general path (a tree, jsonrpc4j, {@link PointReader}) for comparison.
 * No socket: what a connection's bytes cost once they are read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BatchDecodeBenchmark.POINTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchDecodeBenchmark {
    private static final UnixTransportSettings SETTINGS = UnixTransportSettings.defaults(Path.of("/tmp/hawkeye-bench.sock"));
    static final int POINTS = 1000;
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    /** Distinct series the batch cycles through. */
    @Param({"1000"})
    int series;

    /** Tags per point (each {@code tagN: value-of-series}). */
    @Param({"0", "2"})
    int tags;

    /**
     * How an increment is written: {@code full} spells out {@code "value":1.0,"type":"counter"},
     * {@code short} leaves out what the server defaults to, {@code ids} also gives each point's
     * series by the id an earlier batch of the connection defined, as the Java client does.
     */
    @Param({"full", "short", "ids"})
    String form;

    private byte[] batch;
    private JsonFactory json;
    private MessageFramer framer;
    private Aggregator aggregator;
    private MessageFramer recordingFramer;
    private RpcDispatcher recordingDispatcher;
    private RpcDispatcher generalDispatcher;
    /** The general path's connection: its series ids. */
    private final SeriesTable generalIds = new SeriesTable();

    @Setup
    public void setUp() throws IOException {
        json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        ObjectMapper mapper = JsonMapper.builder(json).build();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        batch = batch(NOW.toEpochMilli());
        framer = new MessageFramer(json, 1 << 20, new RecordDecoder(clock));
        TransportCounters counters = new TransportCounters(System.getLogger("bench"));
        aggregator = new Aggregator(new IngestSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 600, 100_000),
                new MemoryStore(Duration.ofHours(1), clock), new Counters(), clock);
        recordingFramer = new MessageFramer(json, 1 << 20, new RecordDecoder(clock));
        recordingDispatcher = new RpcDispatcher(mapper, new HawkeyeRpcHandler(aggregator, NO_QUERIES, clock, counters),
                aggregator, counters, SETTINGS);
        generalDispatcher = new RpcDispatcher(mapper, new HawkeyeRpcHandler(point -> { }, NO_QUERIES, clock, counters),
                point -> { }, counters, SETTINGS);
        if (form.equals("ids")) {
            // The connection's first batch defines the ids; the one measured, like every later one, only uses them.
            byte[] definitions = definitions();
            framer.feed(definitions, 0, definitions.length);
            recordingDispatcher.respond(recordingFramer.feed(definitions, 0, definitions.length).get(0), false, null);
            generalDispatcher.respond(new Frame.Message(definitions), false, generalIds);
        }
    }

    @TearDown
    public void tearDown() {
        aggregator.close();
    }

    /** The floor: every token of the batch through Jackson's (blocking) streaming parser, values read. */
    @Benchmark
    public void jacksonTokensOnly(Blackhole blackhole) throws IOException {
        try (JsonParser parser = json.createParser(batch)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    blackhole.consume(parser.getTextLength());
                } else if (token.isNumeric()) {
                    blackhole.consume(parser.getDoubleValue());
                }
            }
        }
    }

    /** The framer's floor: every token through Jackson's non-blocking parser, fed the whole batch at once, values read. */
    @Benchmark
    public void nonBlockingTokensOnly(Blackhole blackhole) throws IOException {
        try (JsonParser parser = json.createNonBlockingByteArrayParser()) {
            ((com.fasterxml.jackson.core.async.ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(batch, 0, batch.length);
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
                if (token == JsonToken.VALUE_STRING) {
                    blackhole.consume(parser.getTextLength());
                } else if (token.isNumeric()) {
                    blackhole.consume(parser.getDoubleValue());
                }
            }
        }
    }

    /** The fast path: the framer's non-blocking tokenizing and {@link RecordDecoder}, points out. */
    @Benchmark
    public Point[] fastPathDecode() {
        return ((Frame.Records) framer.feed(batch, 0, batch.length).get(0)).points();
    }

    /** The fast path and recording every point into the aggregator, then the answer's bytes. */
    @Benchmark
    public byte[] fastPathIntoAggregator() {
        // A frame the fast path read needs no series table: its points hold their series.
        return recordingDispatcher.respond(recordingFramer.feed(batch, 0, batch.length).get(0), false, null);
    }

    /** The general path for the same message: a tree, jsonrpc4j's invocation, {@link PointReader}. */
    @Benchmark
    public byte[] generalPath() {
        return generalDispatcher.respond(new Frame.Message(batch), false, generalIds);
    }

    private byte[] batch(long timestamp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeNumberField("id", 1);
            generator.writeStringField("method", "recordBatch");
            generator.writeObjectFieldStart("params");
            generator.writeArrayFieldStart("points");
            for (int i = 0; i < POINTS; i++) {
                int index = i % series;
                generator.writeStartObject();
                if (form.equals("ids")) {
                    generator.writeNumberField("series", index);
                } else {
                    writeSeries(generator, index);
                }
                if (form.equals("full")) {
                    generator.writeNumberField("value", 1.0);
                    generator.writeStringField("type", "counter");
                }
                generator.writeNumberField("timestamp", timestamp);
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A batch that defines the id of each series and records nothing. */
    private byte[] definitions() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeNumberField("id", 0);
            generator.writeStringField("method", "recordBatch");
            generator.writeObjectFieldStart("params");
            generator.writeArrayFieldStart("series");
            for (int index = 0; index < series; index++) {
                generator.writeStartObject();
                generator.writeNumberField("id", index);
                writeSeries(generator, index);
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("points");
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    private void writeSeries(JsonGenerator generator, int index) throws IOException {
        generator.writeStringField("key", "bench.counter." + index);
        if (tags > 0) {
            generator.writeObjectFieldStart("tags");
            for (int t = 0; t < tags; t++) {
                generator.writeStringField("tag" + t, "value-" + index);
            }
            generator.writeEndObject();
        }
    }

    private static final QueryService NO_QUERIES = NoQueries.INSTANCE;
}
