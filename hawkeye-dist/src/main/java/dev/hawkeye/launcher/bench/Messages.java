package dev.hawkeye.launcher.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hawkeye.api.metric.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-RPC messages the raw-socket modes send, encoded once before the run so that the load
 * generator spends its time writing, not encoding. Each point is {@code {"key","value","type","tags"?}}
 * (the server stamps it with its own clock).
 */
final class Messages {
    /** About the size of one write of the {@code notify} mode. */
    static final int BLOCK_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private Messages() {
    }

    /** The value of every point of the {@code index}-th series: 1 for counters, spread out otherwise. */
    static double value(MetricType type, int index) {
        return switch (type) {
            case COUNTER -> 1;
            case GAUGE -> index % 100;
            case HISTOGRAM -> 0.5 + index % 1000;
        };
    }

    /** {@code {"jsonrpc":"2.0","method":"record","params":{point}}} and a newline. */
    static byte[] notification(BenchPlan plan, int index) {
        return encode(generator -> {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeStringField("method", "record");
            generator.writeFieldName("params");
            writePoint(generator, plan, index);
            generator.writeEndObject();
        });
    }

    /** {@code {"jsonrpc":"2.0","id":id,"method":"record","params":{point}}} and a newline. */
    static byte[] request(BenchPlan plan, int index, long id) {
        return encode(generator -> {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeNumberField("id", id);
            generator.writeStringField("method", "record");
            generator.writeFieldName("params");
            writePoint(generator, plan, index);
            generator.writeEndObject();
        });
    }

    /** A {@code ping} request with a string id, newline-terminated. */
    static byte[] ping(String id) {
        return encode(generator -> {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeStringField("id", id);
            generator.writeStringField("method", "ping");
            generator.writeEndObject();
        });
    }

    /**
     * The notifications of every series, in order, cut into blocks of whole messages of about
     * {@link #BLOCK_BYTES}; when all series fit in less than a block, the cycle is repeated so that
     * one write still carries a block's worth.
     */
    static List<Block> notificationBlocks(BenchPlan plan) {
        byte[][] messages = new byte[plan.series()][];
        long cycleBytes = 0;
        for (int i = 0; i < messages.length; i++) {
            messages[i] = notification(plan, i);
            cycleBytes += messages[i].length;
        }
        long cycles = Math.max(1, (BLOCK_BYTES + cycleBytes - 1) / cycleBytes);
        List<Block> blocks = new ArrayList<>();
        ByteArrayOutputStream block = new ByteArrayOutputStream(BLOCK_BYTES + 512);
        int count = 0;
        for (long cycle = 0; cycle < cycles; cycle++) {
            for (byte[] message : messages) {
                if (block.size() + message.length > BLOCK_BYTES && count > 0) {
                    blocks.add(new Block(block.toByteArray(), count));
                    block.reset();
                    count = 0;
                }
                block.writeBytes(message);
                count++;
            }
        }
        if (count > 0) {
            blocks.add(new Block(block.toByteArray(), count));
        }
        return blocks;
    }

    /** Whole messages written at once, and how many points they carry. */
    record Block(byte[] bytes, int points) {
    }

    private static void writePoint(JsonGenerator generator, BenchPlan plan, int index) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("key", plan.key(index));
        double value = value(plan.type(), index);
        if (value == Math.rint(value)) {
            generator.writeNumberField("value", (long) value);
        } else {
            generator.writeNumberField("value", value);
        }
        generator.writeStringField("type", plan.type().wireName());
        String[] tags = plan.tags(index);
        if (tags.length > 0) {
            generator.writeObjectFieldStart("tags");
            for (int i = 0; i < tags.length; i += 2) {
                generator.writeStringField(tags[i], tags[i + 1]);
            }
            generator.writeEndObject();
        }
        generator.writeEndObject();
    }

    private interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
