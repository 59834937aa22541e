package baton.format;

import baton.model.SourcePos;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A YAML or JSON document as a tree that remembers where each part came from,
 * so every later check can say file:line:col.
 */
sealed interface SourceNode {
    SourcePos pos();

    record MapNode(LinkedHashMap<String, Entry> entries, SourcePos pos) implements SourceNode {}

    record Entry(String key, SourcePos keyPos, SourceNode value) {}

    record ListNode(List<SourceNode> items, SourcePos pos) implements SourceNode {}

    /** {@code text} is null for an explicit null; {@code quoted} is true for strings. */
    record Scalar(String text, boolean isString, SourcePos pos) implements SourceNode {}

    static String describe(SourceNode n) {
        return switch (n) {
            case MapNode m -> "a mapping";
            case ListNode l -> "a list";
            case Scalar s when s.text() == null -> "nothing (null)";
            case Scalar s -> "'" + s.text() + "'";
        };
    }
}
