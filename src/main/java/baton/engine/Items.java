package baton.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Fan-out items from a value: a JSON array, or a comma-separated list. */
final class Items {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Items() {}

    static List<String> parse(String value) {
        String v = value.strip();
        if (v.startsWith("[")) {
            try {
                JsonNode arr = JSON.readTree(v);
                if (arr.isArray()) {
                    List<String> out = new ArrayList<>();
                    for (JsonNode n : arr) out.add(n.isTextual() ? n.asText() : n.toString());
                    return out;
                }
            } catch (Exception e) {
                // not JSON after all: read it as a comma-separated list
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip();
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }
}
