package baton.client;

import baton.engine.RunEvent;
import baton.model.RunId;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The service protocol's encoding: one JSON object per line, UTF-8. Records travel as their
 * components, instants as ISO-8601 text, run ids as text, run events as {@code {"type": …}} plus
 * their components (durations as ISO-8601 text too). Both ends are the same Baton version (the hello checks it), so the records
 * themselves are the schema; docs/service.md lists the messages.
 */
public final class Wire {
    /** Bumped when a message changes shape; a hello with another number is refused in plain words. */
    public static final int PROTOCOL = 1;
    /** The longest line either end accepts: a pipeline's text (16 MB at most) with room for the rest. */
    public static final int MAX_LINE = 32 * 1024 * 1024;

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("baton-wire")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, fromText(Instant::parse))
                    .addSerializer(java.time.Duration.class, ToStringSerializer.instance)
                    .addDeserializer(java.time.Duration.class, fromText(java.time.Duration::parse))
                    .addSerializer(RunId.class, ToStringSerializer.instance)
                    .addDeserializer(RunId.class, fromText(RunId::new)));

    /** Reads a value written as its text ({@code toString}): instants, run ids. */
    private static <T> JsonDeserializer<T> fromText(java.util.function.Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return parse.apply(p.getValueAsString());
            }
        };
    }

    private Wire() {}

    public static String line(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(JsonNode node, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(MAPPER.treeAsTokens(node), type);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.getType() + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A run event with its kind named, so the other end can tell which record it is. */
    public static ObjectNode event(RunEvent e) {
        ObjectNode n = MAPPER.valueToTree(e);
        n.put("type", e.getClass().getSimpleName());
        return n;
    }

    public static RunEvent event(JsonNode n) {
        String type = n.path("type").asText();
        Class<? extends RunEvent> c = EVENT_TYPES.get(type);
        if (c == null) throw new IllegalArgumentException("unknown run event type '" + type + "'");
        ObjectNode copy = ((ObjectNode) n).deepCopy();
        copy.remove("type");
        return read(copy, c);
    }

    private static final Map<String, Class<? extends RunEvent>> EVENT_TYPES = new HashMap<>();

    static {
        for (Class<?> c : RunEvent.class.getPermittedSubclasses()) {
            @SuppressWarnings("unchecked") Class<? extends RunEvent> e = (Class<? extends RunEvent>) c;
            EVENT_TYPES.put(c.getSimpleName(), e);
        }
    }
}
