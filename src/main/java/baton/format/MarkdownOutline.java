package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.format.MarkdownBlocks.Line;
import baton.format.MarkdownBlocks.TaskLine;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static baton.format.MarkdownBlocks.inline;

/**
 * The structure of a Markdown file, as far as telling a cascade from a roadmap from anything else
 * needs: headings, lists, tables, and which of them have the shape of tasks.
 *
 * @param cascadeTasks headings of level 3 or more that read "ID: title"
 * @param dependsLines "Depends on:" lines, in paragraphs or lists
 * @param taskTable    whether some table has the columns ID and Task
 * @param taskItems    list items under a heading that are unmistakably tasks ({@link TaskLine#unmistakable()})
 * @param pipelineKeys paragraph lines that start at the margin with "pipeline:" or "phases:", as YAML's top-level
 *                     keys do (a pipeline shown in a fenced code block is not counted)
 */
record MarkdownOutline(int headings, int lists, int tables, boolean onlyHeadings, String firstHeading, int cascadeTasks,
                       int dependsLines, boolean taskTable, int taskItems, int pipelineKeys) {

    static MarkdownOutline of(Node doc) {
        int headings = 0, lists = 0, tables = 0, cascadeTasks = 0, dependsLines = 0, taskItems = 0, pipelineKeys = 0;
        boolean onlyHeadings = true, taskTable = false, underHeading = false;
        String first = null;
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                headings++;
                String text = inline(h).strip();
                if (first == null) first = text;
                if (h.getLevel() >= 2) underHeading = true;
                if (h.getLevel() >= 3 && MarkdownBlocks.TASK.matcher(text).matches()) cascadeTasks++;
                continue;
            }
            onlyHeadings = false;
            List<Line> lines = new ArrayList<>();
            if (n instanceof Paragraph p) {
                lines.addAll(MarkdownBlocks.lines(p));
                for (Line l : lines) {
                    if (l.pos().column() == 1 && (l.text().startsWith("pipeline:") || l.text().startsWith("phases:"))) pipelineKeys++;
                }
            } else if (n instanceof ListBlock) {
                lists++;
                for (Node item = n.getFirstChild(); item != null; item = item.getNext()) {
                    List<Line> itemLines = MarkdownBlocks.itemLines(item);
                    if (itemLines.isEmpty()) continue;
                    Optional<TaskLine> task = TaskLine.of(itemLines.getFirst().text());
                    if (underHeading && task.isPresent() && task.get().unmistakable()) taskItems++;
                    lines.addAll(itemLines);
                }
            } else if (n instanceof TableBlock table) {
                tables++;
                taskTable |= hasTaskColumns(table);
            }
            for (Line l : lines) {
                if (Field.of(l).map(f -> MarkdownFields.canonical(f.name()).equals("depends on")).orElse(false)) dependsLines++;
            }
        }
        return new MarkdownOutline(headings, lists, tables, onlyHeadings, first, cascadeTasks, dependsLines, taskTable, taskItems, pipelineKeys);
    }

    private static boolean hasTaskColumns(TableBlock table) {
        Node header = table.getFirstChild() == null ? null : table.getFirstChild().getFirstChild();
        List<String> columns = new ArrayList<>();
        if (header != null) {
            for (Node c = header.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableCell) columns.add(inline(c).strip().toLowerCase(Locale.ROOT));
            }
        }
        return columns.contains("id") && columns.contains("task");
    }

    /** The format the first heading names ("Cascade: …", "Roadmap: …"), a hint that beats structure; null if none. */
    PipelineFormat named() {
        if (firstHeading == null) return null;
        if (firstHeading.matches("Cascade\\b.*")) return PipelineFormat.CASCADE;
        if (firstHeading.matches("Roadmap\\b.*")) return PipelineFormat.ROADMAP;
        return null;
    }

    boolean looksLikeCascade() {
        return taskTable || cascadeTasks > 0 && dependsLines > 0;
    }

    boolean looksLikeRoadmap() {
        return taskItems > 0;
    }

    /** Whether there is more Markdown than a heading (which a YAML comment also is). */
    boolean hasStructure() {
        return headings > 0 && (headings > 1 || !onlyHeadings);
    }

    /** What was found, for a refusal: "a Markdown file with 3 headings, 2 lists and no task list". */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(count(headings, "heading"));
        if (lists > 0) parts.add(count(lists, "list"));
        if (tables > 0) parts.add(count(tables, "table"));
        String found = String.join(", ", parts);
        String tasks = cascadeTasks > 0 ? ", " + count(cascadeTasks, "'### ID: title' heading") + " but no 'Depends on:' line"
                : " and no task list";
        return "a Markdown file with " + found + tasks;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
