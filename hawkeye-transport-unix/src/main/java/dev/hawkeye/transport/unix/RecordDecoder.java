package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.protocol.PointReader;
import dev.hawkeye.protocol.SeriesTable;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;

/**
 * The fast path of {@code record} and {@code recordBatch}: reads a message token by token as the
 * {@link MessageFramer} tokenizes it, straight into {@link Point}s, without a tree and without
 * jsonrpc4j. Not thread-safe: one per connection, fed by the selector thread.
 *
 * <p>It takes only the usual shape: one request object whose {@code jsonrpc} (if any) is
 * {@code "2.0"}, whose {@code id} (if any) is a string, a whole number or null, whose {@code method}
 * (a name or its {@code Hawkeye.} alias) comes before its {@code params} (an object, or an array
 * holding one), and whose points are all valid, each field once. Anything else (a batch array, an
 * unknown field, a point the general path would reject, a key given twice) makes
 * {@link #finish} return {@code null}: the framer then hands over the message's bytes and the
 * general path answers it, with its exact errors. So this class never produces an error of its
 * own, and never has to agree with {@link PointReader} on wording.
 *
 * <p><b>Series ids.</b> A {@code recordBatch} may define series ids ({@code "series"}, before
 * {@code "points"}) and its points may use them ({@link SeriesTable}). Its definitions are checked
 * as the general path checks them, and enter the connection's table once the whole message is
 * taken. The connection's order must hold while the general path runs declined messages later on a
 * worker: so once a message that might define ids is declined, every later message that defines
 * ids is declined too, and a point whose id is not known yet goes to the general path, which runs
 * after the messages before it.
 */
final class RecordDecoder {
    private enum State {
        START, ENVELOPE, JSONRPC, ID, METHOD, PARAMS, PARAMS_ARRAY, PARAMS_ARRAY_END,
        BATCH, BATCH_POINTS, POINTS, BATCH_END, POINT, KEY, VALUE, TYPE, TAGS_START, TAGS, TAG_VALUE, TIMESTAMP,
        SERIES_LIST, DEFINITIONS, DEFINITION, DEFINITION_ID, SERIES_ID, DONE, UNUSUAL
    }

    private static final int ENVELOPE_JSONRPC = 1;
    private static final int ENVELOPE_ID = 2;
    private static final int ENVELOPE_METHOD = 4;
    private static final int ENVELOPE_PARAMS = 8;
    private static final int POINT_KEY = 1;
    private static final int POINT_VALUE = 2;
    private static final int POINT_TYPE = 4;
    private static final int POINT_TAGS = 8;
    private static final int POINT_TIMESTAMP = 16;
    private static final int POINT_SERIES = 32;
    private static final int DEFINED_ID = 1;
    private static final int DEFINED_KEY = 2;
    private static final int DEFINED_TAGS = 4;

    private final Clock clock;
    private final SeriesInterner interner;
    private final SeriesText seriesText = new SeriesText();
    private final SeriesTable ids;
    /** Sticky: a message that might define ids was declined, so definitions are the general path's from now on. */
    private boolean definitionsDeclined;

    private State state;
    private int envelopeFields;
    private boolean v2;
    private JsonNode id;
    private boolean method;
    private boolean batch;
    private boolean wrapped;
    private Point[] points = new Point[16];
    private int count;
    /** The method is one that defines no ids: declining the message changes nothing for them. */
    private boolean definesNothing;
    private boolean seriesListSeen;
    /** The series the message defines, by id, until it is taken; {@link #pendingIds} says which slots are set. */
    private Series[] pending = new Series[0];
    private int[] pendingIds = new int[16];
    private int pendingCount;
    /** The object the key and tags being read belong to: {@link State#POINT} or {@link State#DEFINITION}. */
    private State object;
    private int definitionFields;
    private int definitionId;

    private int pointFields;
    private double value;
    private MetricType type;
    private long timestamp;
    private boolean hasTimestamp;
    private Series pointSeries;

    /** A decoder with a series cache and a table of series ids of its own. */
    RecordDecoder(Clock clock) {
        this(clock, new SeriesInterner(), new SeriesTable());
    }

    /**
     * A decoder that shares {@code interner} with the other decoders of the same (selector) thread,
     * and {@code ids} with the general path of its connection.
     */
    RecordDecoder(Clock clock, SeriesInterner interner, SeriesTable ids) {
        this.clock = clock;
        this.interner = interner;
        this.ids = ids;
    }

    /** Starts a new message. */
    void begin() {
        state = State.START;
        envelopeFields = 0;
        v2 = false;
        id = null;
        method = false;
        batch = false;
        wrapped = false;
        count = 0;
        definesNothing = false;
        seriesListSeen = false;
        clearPending();
    }

    /**
     * Takes the parser's current token.
     *
     * @throws IOException when the parser cannot give the token's value
     */
    void accept(JsonParser parser, JsonToken token) throws IOException {
        switch (state) {
            case START -> state = token == JsonToken.START_OBJECT ? State.ENVELOPE : State.UNUSUAL;
            case ENVELOPE -> envelope(parser, token);
            case JSONRPC -> {
                v2 = token == JsonToken.VALUE_STRING && "2.0".equals(parser.getText());
                state = v2 ? State.ENVELOPE : State.UNUSUAL;
            }
            case ID -> id(parser, token);
            case METHOD -> method(parser, token);
            case PARAMS -> params(token);
            case PARAMS_ARRAY -> {
                wrapped = true;
                state = State.PARAMS;
                params(token);
            }
            case PARAMS_ARRAY_END -> state = token == JsonToken.END_ARRAY ? State.ENVELOPE : State.UNUSUAL;
            case BATCH -> batchField(parser, token);
            case SERIES_LIST -> state = token == JsonToken.START_ARRAY ? State.DEFINITIONS : State.UNUSUAL;
            case DEFINITIONS -> {
                if (token == JsonToken.START_OBJECT) {
                    beginDefinition();
                } else {
                    state = token == JsonToken.END_ARRAY ? State.BATCH : State.UNUSUAL;
                }
            }
            case DEFINITION -> definitionField(parser, token);
            case DEFINITION_ID -> {
                definitionId = seriesId(parser, token);
                state = definitionId < 0 ? State.UNUSUAL : State.DEFINITION;
            }
            case SERIES_ID -> {
                int id = seriesId(parser, token);
                pointSeries = id < 0 ? null : known(id);
                state = pointSeries == null ? State.UNUSUAL : State.POINT;
            }
            case BATCH_POINTS -> state = token == JsonToken.START_ARRAY ? State.POINTS : State.UNUSUAL;
            case POINTS -> {
                if (token == JsonToken.START_OBJECT) {
                    beginPoint();
                } else if (token == JsonToken.END_ARRAY) {
                    state = State.BATCH_END;
                } else {
                    state = State.UNUSUAL;
                }
            }
            case BATCH_END -> state = token == JsonToken.END_OBJECT ? afterParams() : State.UNUSUAL;
            case POINT -> pointField(parser, token);
            case KEY -> {
                if (token == JsonToken.VALUE_STRING) {
                    // The key comes before the tags in the series text: a key after tags is left to the general path.
                    state = seriesText.tagCount() == 0 ? object : State.UNUSUAL;
                    seriesText.key(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                } else {
                    state = State.UNUSUAL;
                }
            }
            case VALUE -> value(parser, token);
            case TYPE -> type(parser, token);
            case TAGS_START -> {
                if (token == JsonToken.START_OBJECT) {
                    state = State.TAGS;
                } else {
                    state = token == JsonToken.VALUE_NULL ? object : State.UNUSUAL;
                }
            }
            case TAGS -> tag(parser, token);
            case TAG_VALUE -> {
                if (token == JsonToken.VALUE_STRING) {
                    seriesText.tagValue(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    state = State.TAGS;
                } else {
                    state = State.UNUSUAL;
                }
            }
            case TIMESTAMP -> timestamp(parser, token);
            case DONE, UNUSUAL -> state = State.UNUSUAL;
        }
    }

    /**
     * The call, once the message has ended; {@code null} when the message is not of the usual
     * shape and must take the general path.
     */
    Frame.Records finish() {
        if (state != State.DONE || (envelopeFields & ENVELOPE_PARAMS) == 0) {
            definitionsDeclined |= !definesNothing;
            clearPending();
            return null;
        }
        for (int i = 0; i < pendingCount; i++) {
            // Checked as they came: neither out of range nor naming another series.
            ids.define(pendingIds[i], pending[pendingIds[i]]);
        }
        clearPending();
        // 2.0: no id member is a notification. 1.0: a null id is too.
        boolean notification = v2 ? (envelopeFields & ENVELOPE_ID) == 0 : id == null || id.isNull();
        return new Frame.Records(v2, id == null ? NullNode.getInstance() : id, notification, batch, Arrays.copyOf(points, count));
    }

    private void envelope(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            state = State.DONE;
            return;
        }
        if (token != JsonToken.FIELD_NAME) {
            state = State.UNUSUAL;
            return;
        }
        String name = parser.currentName();
        int field;
        State next;
        if (name.equals("jsonrpc")) {
            field = ENVELOPE_JSONRPC;
            next = State.JSONRPC;
        } else if (name.equals("id")) {
            field = ENVELOPE_ID;
            next = State.ID;
        } else if (name.equals("method")) {
            field = ENVELOPE_METHOD;
            next = State.METHOD;
        } else if (name.equals("params")) {
            field = ENVELOPE_PARAMS;
            // Without the method first, the params cannot be read as points.
            next = method ? State.PARAMS : State.UNUSUAL;
        } else {
            field = 0;
            next = State.UNUSUAL;
        }
        if ((envelopeFields & field) != 0) {
            next = State.UNUSUAL;
        }
        envelopeFields |= field;
        state = next;
    }

    /** {@code record} and {@code recordBatch} and their aliases (see {@link RpcDispatcher#METHODS}), read in place. */
    private void method(JsonParser parser, JsonToken token) throws IOException {
        state = State.UNUSUAL;
        if (token != JsonToken.VALUE_STRING) {
            return;
        }
        if (textIs(parser, "recordBatch") || textIs(parser, "Hawkeye.RecordBatch")) {
            method = true;
            batch = true;
        } else {
            definesNothing = true;
            method = textIs(parser, "record") || textIs(parser, "Hawkeye.Record");
        }
        if (method) {
            state = State.ENVELOPE;
        }
    }

    private void id(JsonParser parser, JsonToken token) throws IOException {
        state = State.ENVELOPE;
        if (token == JsonToken.VALUE_STRING) {
            id = JsonNodeFactory.instance.textNode(parser.getText());
        } else if (token == JsonToken.VALUE_NULL) {
            id = NullNode.getInstance();
        } else if (token == JsonToken.VALUE_NUMBER_INT && integerType(parser) == JsonParser.NumberType.INT) {
            id = JsonNodeFactory.instance.numberNode(parser.getIntValue());
        } else if (token == JsonToken.VALUE_NUMBER_INT && integerType(parser) == JsonParser.NumberType.LONG) {
            id = JsonNodeFactory.instance.numberNode(parser.getLongValue());
        } else {
            state = State.UNUSUAL;
        }
    }

    private void params(JsonToken token) {
        if (token == JsonToken.START_ARRAY && !wrapped) {
            state = State.PARAMS_ARRAY;
        } else if (token == JsonToken.START_OBJECT) {
            if (batch) {
                state = State.BATCH;
            } else {
                beginPoint();
            }
        } else {
            state = State.UNUSUAL;
        }
    }

    /** Where reading goes once the params object has ended. */
    private State afterParams() {
        return wrapped ? State.PARAMS_ARRAY_END : State.ENVELOPE;
    }

    private void beginPoint() {
        state = State.POINT;
        object = State.POINT;
        pointSeries = null;
        pointFields = 0;
        seriesText.reset();
        value = 1;
        type = MetricType.COUNTER;
        hasTimestamp = false;
    }

    private void pointField(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            endPoint();
            return;
        }
        if (token != JsonToken.FIELD_NAME) {
            state = State.UNUSUAL;
            return;
        }
        String name = parser.currentName();
        int field;
        State next;
        if (name.equals("series")) {
            field = POINT_SERIES;
            next = batch ? State.SERIES_ID : State.UNUSUAL;
        } else if (name.equals("key")) {
            field = POINT_KEY;
            next = State.KEY;
        } else if (name.equals("value")) {
            field = POINT_VALUE;
            next = State.VALUE;
        } else if (name.equals("type")) {
            field = POINT_TYPE;
            next = State.TYPE;
        } else if (name.equals("tags")) {
            field = POINT_TAGS;
            next = State.TAGS_START;
        } else if (name.equals("timestamp")) {
            field = POINT_TIMESTAMP;
            next = State.TIMESTAMP;
        } else {
            field = 0;
            next = State.UNUSUAL;
        }
        if ((pointFields & field) != 0) {
            next = State.UNUSUAL;
        }
        pointFields |= field;
        state = next;
    }

    private void value(JsonParser parser, JsonToken token) throws IOException {
        state = State.POINT;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            value = parser.getDoubleValue();
        } else if (token != JsonToken.VALUE_NULL) {
            state = State.UNUSUAL;
        }
    }

    private void type(JsonParser parser, JsonToken token) throws IOException {
        state = State.POINT;
        if (token == JsonToken.VALUE_STRING) {
            type = textIs(parser, "counter") ? MetricType.COUNTER : textIs(parser, "gauge") ? MetricType.GAUGE
                    : textIs(parser, "histogram") ? MetricType.HISTOGRAM : null;
            if (type == null) {
                // timer, distribution, upper case: rare enough for the general path
                state = State.UNUSUAL;
            }
        } else if (token != JsonToken.VALUE_NULL) {
            state = State.UNUSUAL;
        }
    }

    /**
     * The type of the current integer token. One too big for a long is read here: Jackson (2.21, 2.22)
     * otherwise keeps its text and gives it as the value of the next float token of the same parser,
     * which is the next message's {@code value} when both came in one read.
     */
    private static JsonParser.NumberType integerType(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.BIG_INTEGER) {
            parser.getBigIntegerValue();
        }
        return type;
    }

    /** Whether the current string token is {@code expected}, without making a string of it. */
    private static boolean textIs(JsonParser parser, String expected) throws IOException {
        int length = parser.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void tag(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            state = object;
            return;
        }
        String name = parser.currentName();
        if (token != JsonToken.FIELD_NAME || seriesText.hasTag(name)) {
            state = State.UNUSUAL;
            return;
        }
        seriesText.tagName(name);
        state = State.TAG_VALUE;
    }

    private void timestamp(JsonParser parser, JsonToken token) throws IOException {
        state = State.POINT;
        if (token == JsonToken.VALUE_NUMBER_INT && integerType(parser) != JsonParser.NumberType.BIG_INTEGER) {
            timestamp = parser.getLongValue();
            hasTimestamp = true;
        } else if (token != JsonToken.VALUE_NULL) {
            state = State.UNUSUAL;
        }
    }

    private void endPoint() {
        boolean byId = (pointFields & POINT_SERIES) != 0;
        if (byId ? (pointFields & (POINT_KEY | POINT_TAGS)) != 0 : (pointFields & POINT_KEY) == 0) {
            state = State.UNUSUAL;
            return;
        }
        Point point;
        try {
            Series series = byId ? pointSeries : interner.intern(seriesText);
            point = new Point(series, type, value, hasTimestamp ? timestamp : clock.millis());
        } catch (InvalidPointException e) {
            // The general path will name the field in the answer.
            state = State.UNUSUAL;
            return;
        }
        if (count == points.length) {
            points = Arrays.copyOf(points, points.length * 2);
        }
        points[count++] = point;
        state = batch ? State.POINTS : afterParams();
    }

    private void batchField(JsonParser parser, JsonToken token) throws IOException {
        state = State.UNUSUAL;
        if (token != JsonToken.FIELD_NAME) {
            return;
        }
        String name = parser.currentName();
        if (name.equals("points")) {
            state = State.BATCH_POINTS;
        } else if (name.equals("series") && !seriesListSeen && !definitionsDeclined) {
            seriesListSeen = true;
            state = State.SERIES_LIST;
        }
    }

    private void beginDefinition() {
        state = State.DEFINITION;
        object = State.DEFINITION;
        definitionFields = 0;
        seriesText.reset();
    }

    private void definitionField(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            endDefinition();
            return;
        }
        if (token != JsonToken.FIELD_NAME) {
            state = State.UNUSUAL;
            return;
        }
        String name = parser.currentName();
        int field;
        State next;
        if (name.equals("id")) {
            field = DEFINED_ID;
            next = State.DEFINITION_ID;
        } else if (name.equals("key")) {
            field = DEFINED_KEY;
            next = State.KEY;
        } else if (name.equals("tags")) {
            field = DEFINED_TAGS;
            next = State.TAGS_START;
        } else {
            field = 0;
            next = State.UNUSUAL;
        }
        if ((definitionFields & field) != 0) {
            next = State.UNUSUAL;
        }
        definitionFields |= field;
        state = next;
    }

    /** Takes a definition unless it is one the general path would refuse, or one of another series for a known id. */
    private void endDefinition() {
        state = State.UNUSUAL;
        if ((definitionFields & (DEFINED_ID | DEFINED_KEY)) != (DEFINED_ID | DEFINED_KEY)) {
            return;
        }
        Series series;
        try {
            series = interner.intern(seriesText);
        } catch (InvalidPointException e) {
            return;
        }
        Series known = known(definitionId);
        if (known == null) {
            if (definitionId >= pending.length) {
                pending = Arrays.copyOf(pending, Math.max(definitionId + 1, pending.length * 2));
            }
            if (pendingCount == pendingIds.length) {
                pendingIds = Arrays.copyOf(pendingIds, pendingCount * 2);
            }
            pending[definitionId] = series;
            pendingIds[pendingCount++] = definitionId;
        } else if (!known.equals(series)) {
            return;
        }
        state = State.DEFINITIONS;
    }

    /** The id the current token gives, or -1 when it is not a whole number in range. */
    private static int seriesId(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || integerType(parser) == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long id = parser.getLongValue();
        return id >= 0 && id < SeriesTable.MAX_IDS ? (int) id : -1;
    }

    /** The series of {@code id}: in the connection's table, or defined earlier in this message; {@code null} when neither. */
    private Series known(int id) {
        Series series = ids.peek(id);
        return series != null || id >= pending.length ? series : pending[id];
    }

    private void clearPending() {
        for (int i = 0; i < pendingCount; i++) {
            pending[pendingIds[i]] = null;
        }
        pendingCount = 0;
    }
}
