package baton.format;

import baton.model.SourcePos;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Markdown readers share: one commonmark parser that keeps source spans, and the few
 * ways Baton reads its blocks: as lines, as task items ({@code - A1: title}, {@code - [x] A1: title})
 * and as fields ({@code Timeout: 5m}). Patterns here apply to one line of one block, never to the file.
 */
final class MarkdownBlocks {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    /** "ID: title", the id a single word. */
    static final Pattern TASK = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]*)\\s*:\\s*(.+)");
    private static final Pattern CHECKBOX = Pattern.compile("\\[([ xX])]\\s+(.*)");
    /** A field's key is one to three words of letters, as people write them: "Timeout", "Depends on", "Max workers". */
    private static final Pattern FIELD = Pattern.compile("([A-Za-z]+(?: [A-Za-z]+){0,2})\\s*:\\s*(.*)");

    private MarkdownBlocks() {}

    static Node parse(String text) {
        return PARSER.parse(text);
    }

    /** A line of a paragraph or list item: its text (code spans as their content), where it is, its first code span. */
    record Line(String text, SourcePos pos, String code) {}

    /**
     * A list item's first line read as a task. {@code checkbox} is true for {@code - [ ]} and
     * {@code - [x]} items, {@code checked} for the latter.
     */
    record TaskLine(String id, String title, boolean checkbox, boolean checked) {
        static Optional<TaskLine> of(String text) {
            boolean checkbox = false, checked = false;
            Matcher box = CHECKBOX.matcher(text);
            if (box.matches()) {
                checkbox = true;
                checked = !box.group(1).isBlank();
                text = box.group(2);
            }
            Matcher m = TASK.matcher(text);
            return m.matches() ? Optional.of(new TaskLine(m.group(1), m.group(2).strip(), checkbox, checked)) : Optional.empty();
        }

        /**
         * Whether the item has a task's shape even without a group heading over it: a checkbox, or
         * an id with a digit (A1, 2.3, T-7), unlike a prose item such as "- Goal: ship it".
         */
        boolean unmistakable() {
            return checkbox || id.chars().anyMatch(Character::isDigit);
        }
    }

    /** A {@code Key: value} line; {@code name} is the key in lower case, {@code code} the value's first code span. */
    record Field(String key, String name, String value, String code, SourcePos pos) {
        static Optional<Field> of(Line l) {
            Matcher m = FIELD.matcher(l.text());
            if (!m.matches() || m.group(2).startsWith("//")) return Optional.empty(); // "https://..." is not a field
            String key = m.group(1);
            return Optional.of(new Field(key, key.toLowerCase(Locale.ROOT), m.group(2).strip(), l.code(), l.pos()));
        }

        /** A command or branch: the code span when there is one, else the text. */
        String literal() {
            return code != null ? code : value;
        }

        /** The environment variable a task field is kept in: TASK_ and the key, upper case, other characters as _. */
        String envName() {
            return "TASK_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        }
    }

    /** The lines of a paragraph, split at its line breaks. */
    static List<Line> lines(Node block) {
        List<Line> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        String code = null;
        SourcePos start = null;
        for (Node c = block.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof SoftLineBreak || c instanceof HardLineBreak) {
                if (start != null) out.add(new Line(sb.toString().strip(), start, code));
                sb.setLength(0);
                code = null;
                start = null;
                continue;
            }
            if (start == null) start = pos(c);
            if (c instanceof Code cd && code == null) code = cd.getLiteral();
            sb.append(inline(c));
        }
        if (start != null) out.add(new Line(sb.toString().strip(), start, code));
        return out;
    }

    /** Every line of a list item: its paragraphs, then those of lists nested in it, in order. */
    static List<Line> itemLines(Node item) {
        List<Line> out = new ArrayList<>();
        if (!(item instanceof ListItem)) return out;
        for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Paragraph p) out.addAll(lines(p));
            else if (c instanceof ListBlock nested) {
                for (Node i = nested.getFirstChild(); i != null; i = i.getNext()) out.addAll(itemLines(i));
            }
        }
        return out;
    }

    static String firstCode(Node n) {
        if (n instanceof Code c) return c.getLiteral();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            String s = firstCode(c);
            if (s != null) return s;
        }
        return null;
    }

    /** The plain text of inline content: code spans give their content. */
    static String inline(Node n) {
        if (n instanceof Text t) return t.getLiteral();
        if (n instanceof Code c) return c.getLiteral();
        if (n instanceof SoftLineBreak || n instanceof HardLineBreak) return " ";
        StringBuilder sb = new StringBuilder();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) sb.append(inline(c));
        return sb.toString();
    }

    static SourcePos pos(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        if (spans == null || spans.isEmpty()) return new SourcePos(1, 1);
        return new SourcePos(spans.getFirst().getLineIndex() + 1, spans.getFirst().getColumnIndex() + 1);
    }

    /** An id made from a title; kept short enough to stay a valid id with a prefix such as {@code gate-}. */
    static String slug(String s) {
        String v = s.strip().replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[-._]+", "");
        if (v.length() > 80) v = v.substring(0, 80);
        v = v.replaceAll("-+$", "");
        return v.isEmpty() ? "pipeline" : v;
    }

    /** The file's own name, without folders: messages say "checked in ROADMAP.md", not the whole path. */
    static String baseName(String shown) {
        int slash = Math.max(shown.lastIndexOf('/'), shown.lastIndexOf('\\'));
        return shown.substring(slash + 1);
    }
}
