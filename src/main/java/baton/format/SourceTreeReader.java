package baton.format;

import baton.model.SourcePos;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Reads YAML or JSON text into a {@link SourceNode} tree with positions. */
final class SourceTreeReader {
    /** Deeper than any real pipeline; stops stack exhaustion on hostile input. */
    private static final int MAX_DEPTH = 64;

    private final String file;
    private final List<Problem> problems;

    SourceTreeReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    SourceNode read(String text, boolean json) throws LoadException {
        JsonFactory factory = json ? JsonFactory.builder().streamReadConstraints(constraints()).build() : yamlFactory();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new LoadException(new Problem(file, 1, 1, "the file is empty: a pipeline needs at least 'pipeline: <id>' and 'phases:'"));
            }
            SourceNode root = node(p, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new LoadException(Problem.at(file, pos(p.currentTokenLocation()),
                        "more than one document in the file: keep one pipeline per file"));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new LoadException(syntaxProblem(e));
        } catch (IOException e) {
            throw new LoadException(new Problem(file, 1, 1, "cannot read: " + e.getMessage()));
        }
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH * 2).maxStringLength(1 << 20).build();
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20); // refuses "billion laughs" alias bombs
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with a position
        options.setNestingDepthLimit(MAX_DEPTH * 2);
        options.setCodePointLimit(16 * 1024 * 1024);
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints()).build();
    }

    private SourceNode node(JsonParser p, int depth) throws IOException, LoadException {
        SourcePos at = pos(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new LoadException(Problem.at(file, at, "nested too deeply (more than " + MAX_DEPTH + " levels)"));
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, SourceNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourcePos keyPos = pos(p.currentTokenLocation());
                    p.nextToken();
                    SourceNode value = node(p, depth + 1);
                    if (entries.containsKey(key)) {
                        problems.add(Problem.at(file, keyPos, "key '" + key + "' appears twice in this mapping (first at line "
                                + entries.get(key).keyPos().line() + "): keep one"));
                    } else {
                        entries.put(key, new SourceNode.Entry(key, keyPos, value));
                    }
                }
                return new SourceNode.MapNode(entries, at);
            }
            case START_ARRAY -> {
                List<SourceNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, depth + 1));
                }
                return new SourceNode.ListNode(items, at);
            }
            case VALUE_NULL -> {
                return new SourceNode.Scalar(null, false, at);
            }
            case VALUE_STRING -> {
                return new SourceNode.Scalar(p.getText(), true, at);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new SourceNode.Scalar(p.getText(), false, at);
            }
            default -> throw new LoadException(Problem.at(file, at, "unexpected " + t + " here"));
        }
    }

    private static SourcePos pos(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) return new SourcePos(1, 1);
        return new SourcePos(loc.getLineNr(), Math.max(1, loc.getColumnNr()));
    }

    private Problem syntaxProblem(JsonProcessingException e) {
        SourcePos at = pos(e.getLocation());
        String msg = e.getOriginalMessage();
        if (msg == null) msg = e.getClass().getSimpleName();
        // SnakeYAML and Jackson messages run over several lines with a source excerpt; keep the gist
        String[] lines = msg.strip().split("\\R");
        StringBuilder gist = new StringBuilder();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("in 'reader'") || l.startsWith("^") || l.startsWith("at [Source")) continue;
            if (l.contains(" line ") && l.contains("column")) continue;
            if (!gist.isEmpty()) gist.append("; ");
            gist.append(l);
            if (gist.length() > 160) break;
        }
        String text = gist.toString();
        int cut = text.indexOf(" at [Source");
        if (cut > 0) text = text.substring(0, cut);
        return Problem.at(file, at, "syntax error: " + text + " (fix the " + (file.endsWith(".json") ? "JSON" : "YAML/JSON") + " syntax here)");
    }
}
