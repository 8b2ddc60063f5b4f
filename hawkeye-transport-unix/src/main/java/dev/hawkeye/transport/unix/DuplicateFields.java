package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hawkeye.protocol.JsonTypes;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the calls of a message that hold an object with a field twice, which a tree would read
 * as the last one silently. Read only for a message the strict read refused, so the usual message
 * costs nothing here.
 */
final class DuplicateFields {
    private DuplicateFields() {
    }

    /**
     * The first duplicate of each call, by its index in the batch (0 for a message that is not a
     * batch): {@code "field 'key' twice in one object (line 1, column 40)"}.
     *
     * @throws IOException when {@code json} is not JSON
     */
    static Map<Integer, String> byCall(JsonFactory factory, byte[] json) throws IOException {
        Map<Integer, String> found = new HashMap<>();
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            boolean batch = first == JsonToken.START_ARRAY;
            int call = batch ? -1 : 0;
            Deque<Set<String>> objects = new ArrayDeque<>();
            int depth = 0;
            for (JsonToken token = batch ? parser.nextToken() : first; token != null; token = parser.nextToken()) {
                if (batch && depth == 0 && token != JsonToken.END_ARRAY) {
                    call++;
                }
                switch (token) {
                    case START_OBJECT -> {
                        objects.push(new HashSet<>());
                        depth++;
                    }
                    case START_ARRAY -> depth++;
                    case END_OBJECT -> {
                        objects.pop();
                        depth--;
                    }
                    case END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (!objects.peek().add(parser.currentName()) && !found.containsKey(call)) {
                            JsonLocation at = parser.currentTokenLocation();
                            found.put(call, "field '" + JsonTypes.shorten(parser.currentName()) + "' twice in one object (line "
                                    + at.getLineNr() + ", column " + at.getColumnNr() + ")");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return found;
    }
}
