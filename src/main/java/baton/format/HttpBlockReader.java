package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.format.SourceNode.Scalar;
import baton.model.HttpCall;
import baton.model.SourcePos;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A phase's {@code http:} block (SPEC 1.1): the call that starts a phase server's work, its body checked as JSON at load time. */
final class HttpBlockReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceValues values;

    HttpBlockReader(SourceValues values) {
        this.values = values;
    }

    /** The phase's http call, or null when it has none or it is too broken to use (the problems say why). */
    HttpCall read(MapNode phase) {
        Entry e = phase.entries().get("http");
        if (e == null) return null;
        if (!(e.value() instanceof MapNode hm)) {
            values.expected(e.value(), "'http' to be a mapping such as { url: http://localhost:3459/start, callback: true }");
            return null;
        }
        values.checkKeys(hm, FormatKeys.HTTP, "http");
        String url = values.requiredString(hm, "url", "give the phase server's URL");
        SourcePos urlPos = hm.entries().containsKey("url") ? hm.entries().get("url").value().pos() : hm.pos();
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            values.problem(urlPos, "'url' must start with http:// or https://");
        }
        if (url != null) malformedReferences(url, urlPos, "url");
        String method = values.optString(hm, "method");
        if (method != null && !Set.of("GET", "POST", "PUT").contains(method.toUpperCase(Locale.ROOT))) {
            values.problem(hm.entries().get("method").value().pos(), "'method' must be GET, POST or PUT");
        }
        Entry bodyEntry = hm.entries().get("body");
        String body = bodyEntry == null ? null : bodyTemplate(bodyEntry.value());
        return new HttpCall(url, method == null ? "POST" : method.toUpperCase(Locale.ROOT), values.optBool(hm, "callback", false),
                values.optDuration(hm, "timeout"), body, urlPos, bodyEntry == null ? null : bodyEntry.value().pos());
    }

    /**
     * The request body as JSON text with its ${NAME} references still in it: a mapping or list is
     * written as JSON, a string is taken as JSON text. Either must be JSON once references are
     * filled in, which is checked here with a stand-in value so a broken template fails at load time.
     */
    private String bodyTemplate(SourceNode value) {
        String text = switch (value) {
            case MapNode m -> toJson(m).toString();
            case ListNode l -> toJson(l).toString();
            case Scalar s when s.isString() && s.text() != null -> s.text();
            default -> null;
        };
        if (text == null) {
            values.expected(value, "'body' to be a mapping, a list, or JSON text such as '{\"lang\": \"${language}\"}'");
            return null;
        }
        if (!malformedReferences(text, value.pos(), "body")) return text;
        try {
            JSON.readTree(Placeholders.resolve(text, name -> "0", v -> v));
        } catch (Placeholders.Unresolved | IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            why = why.lines().findFirst().orElse(why).replaceFirst("\\s*\\(start marker at .*|\\s*at \\[Source.*", "");
            values.problem(value.pos(), "'body' is not JSON (" + why
                    + "): write a mapping, or JSON text with ${NAME} where values go");
        }
        return text;
    }

    private static JsonNode toJson(SourceNode n) {
        var f = JSON.getNodeFactory();
        return switch (n) {
            case MapNode m -> {
                var o = f.objectNode();
                m.entries().values().forEach(e -> o.set(e.key(), toJson(e.value())));
                yield o;
            }
            case ListNode l -> {
                var a = f.arrayNode();
                l.items().forEach(i -> a.add(toJson(i)));
                yield a;
            }
            case Scalar s when s.text() == null -> f.nullNode();
            case Scalar s when s.isString() -> f.textNode(s.text());
            case Scalar s when s.text().equals("true") || s.text().equals("false") -> f.booleanNode(Boolean.parseBoolean(s.text()));
            case Scalar s -> {
                try {
                    yield f.numberNode(new BigDecimal(s.text()));
                } catch (NumberFormatException e) {
                    yield f.textNode(s.text()); // .inf, .nan: not JSON numbers, kept as text
                }
            }
        };
    }

    /** Reports ${...} that are not references; true when there were none. */
    private boolean malformedReferences(String text, SourcePos at, String key) {
        List<Placeholders.Malformed> bad = new ArrayList<>();
        Placeholders.references(text, bad);
        for (Placeholders.Malformed m : bad) values.problem(at, "in '" + key + "': " + m.message());
        return bad.isEmpty();
    }
}
