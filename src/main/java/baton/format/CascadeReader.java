package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.format.MarkdownBlocks.Line;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.SourcePos;
import baton.model.When;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import static baton.format.MarkdownBlocks.inline;
import static baton.format.MarkdownBlocks.pos;

/**
 * A cascade (SPEC 1.2): H1 title, H2 groups (lanes), H3 tasks "ID: title" with their fields, or
 * one task table. Becomes the same model as a YAML pipeline; every task keeps its line.
 */
final class CascadeReader extends MarkdownReader {
    /** Table columns Baton reads; any other column is kept as TASK_<COLUMN>. */
    private static final List<String> COLUMNS = FormatKeys.CASCADE_COLUMNS;
    private static final Map<String, String> GROUP_REFUSED = Map.of(
            "concurrency", "limits the whole cascade: put it under the title");
    private static final Map<String, String> TASK_REFUSED = Map.of(
            "worker", "is the default command of the whole cascade or a group: a task's own command is 'Command:'",
            "concurrency", "limits the whole cascade: put it under the title");

    /** The group (H2) being read, and its settings. */
    private String group;
    private MarkdownScope scope = top;
    /** The task (H3) whose fields and description are being read; null before the first of a group. */
    private MarkdownTask task;
    private final List<MarkdownTask> tasks = new ArrayList<>();

    CascadeReader(String file, List<Problem> problems) {
        super(file, problems, "cascade");
    }

    @Override
    void block(Node n) {
        if (n instanceof Paragraph || n instanceof ListBlock) {
            List<Line> lines = n instanceof Paragraph p ? MarkdownBlocks.lines(p) : listLines(n);
            for (Line l : lines) {
                Optional<Field> f = Field.of(l);
                if (task != null && f.isPresent()) taskField(task, f.get());
                else if (task != null) task.description.add(l.text());
                else if (f.isPresent() && scope == top) fields.scopeField(top, f.get(), FormatKeys.CASCADE_TITLE, Map.of(), "under the title");
                else if (f.isPresent()) fields.scopeField(scope, f.get(), FormatKeys.CASCADE_GROUP, GROUP_REFUSED, "under a group heading");
                // other lines before the first task are the cascade's or the group's prose
            }
        } else if (n instanceof TableBlock table) {
            for (MarkdownTask t : tableTasks(table)) {
                t.scope = top;
                tasks.add(t);
            }
        }
    }

    /** An H2 starts a group, an H3 (or deeper) a task. */
    @Override
    void heading(int level, String t, SourcePos at) {
        if (level == 2) {
            group = t.replaceFirst("(?i)^group\\s*[:\\-–]?\\s*", "").strip();
            scope = new MarkdownScope(top);
            task = null;
            return;
        }
        Matcher m = MarkdownBlocks.TASK.matcher(t);
        if (!m.matches()) {
            problem(at, "task heading '" + t + "' must be 'ID: title', for example '### E1: Parser'");
            task = null;
            return;
        }
        task = new MarkdownTask();
        task.id = m.group(1);
        task.title = m.group(2).strip();
        task.pos = at;
        task.group = group;
        task.scope = scope;
        tasks.add(task);
    }

    @Override
    List<PhaseDef> phases(String project) {
        if (tasks.isEmpty()) problem(new SourcePos(1, 1), "no tasks: add '### ID: title' headings, or a table with columns ID | Task | Depends on");
        List<PhaseDef> phases = new ArrayList<>();
        for (MarkdownTask t : tasks) {
            MarkdownScope s = t.scope;
            String run = t.command != null ? t.command : s.worker();
            if (run == null) {
                problem(t.pos, "task '" + t.id + "' has nothing to run: add '- Command: `...`' under it, or a 'Worker: `...`' line under the title");
                continue;
            }
            if (t.branch == null) t.branch = s.branch();
            phases.add(t.phase(run, t.env(project, t.group, null), t.needs, t.group, null));
        }
        return phases;
    }

    private List<Line> listLines(Node list) {
        List<Line> out = new ArrayList<>();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) out.addAll(MarkdownBlocks.itemLines(item));
        return out;
    }

    private void taskField(MarkdownTask task, Field f) {
        fields.taskField(task, f, FormatKeys.CASCADE_TASK, TASK_REFUSED, d -> task.needs.addAll(dependencies(d.value(), d.pos())));
    }

    private List<Need> dependencies(String value, SourcePos pos) {
        List<Need> needs = new ArrayList<>();
        String v = value.strip();
        if (v.isEmpty() || v.equalsIgnoreCase("none") || v.equals("-") || v.equals("—")) return needs;
        int offset = 0;
        for (String part : v.split("[,;]|\\s+and\\s+")) {
            String id = part.strip().replace("`", "");
            if (!id.isEmpty()) needs.add(new Need(id, When.SUCCESS, new SourcePos(pos.line(), pos.column() + offset)));
            offset += part.length() + 1;
        }
        return needs;
    }

    /** The tasks of a table: one per row, its cells read as the fields of the column they are in. */
    private List<MarkdownTask> tableTasks(TableBlock table) {
        List<MarkdownTask> out = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) continue;
                List<TableCell> cells = new ArrayList<>();
                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) if (c instanceof TableCell tc) cells.add(tc);
                if (columns.isEmpty()) {
                    if (!readHeader(row, cells, columns, headers)) return out;
                    continue;
                }
                MarkdownTask t = new MarkdownTask();
                t.pos = pos(row);
                for (int i = 0; i < cells.size() && i < columns.size(); i++) {
                    TableCell cell = cells.get(i);
                    String v = inline(cell).strip();
                    String code = MarkdownBlocks.firstCode(cell);
                    switch (columns.get(i)) {
                        case "id" -> t.id = v.replace("`", "");
                        case "task" -> t.title = v;
                        case "group" -> t.group = v.isEmpty() ? null : v;
                        case "" -> {} // a column refused in the header
                        default -> {
                            if (!v.isEmpty()) taskField(t, new Field(headers.get(i), columns.get(i), v, code, pos(cell)));
                        }
                    }
                }
                if (t.id == null || t.id.isEmpty()) {
                    problem(t.pos, "a table row without an ID: give every task an id");
                    continue;
                }
                if (t.title == null) t.title = t.id;
                out.add(t);
            }
        }
        return out;
    }

    /** Reads the header row into lower-case column names; a column that cannot be taken is reported and named "". */
    private boolean readHeader(Node row, List<TableCell> cells, List<String> columns, List<String> headers) {
        for (TableCell c : cells) {
            String header = inline(c).strip();
            String name = MarkdownFields.canonical(header.toLowerCase(Locale.ROOT));
            headers.add(header);
            Optional<Field> asField = Field.of(new Line(header + ": x", pos(c), null));
            Optional<String> refusal = asField.flatMap(f -> MarkdownFields.refusal(f, TASK_REFUSED));
            boolean taken = COLUMNS.contains(name) || asField.isPresent() && refusal.isEmpty() && Suggest.closest(name, COLUMNS).isEmpty();
            if (refusal.isPresent() && !COLUMNS.contains(name)) {
                problem(pos(c), "column '" + header + "' " + refusal.get());
            } else if (!taken) {
                problem(pos(c), "unknown column '" + header + "'" + Suggest.hint(name, COLUMNS)
                        + ": a task table reads " + String.join(", ", COLUMNS) + "; other columns of one to three words are kept as TASK_<COLUMN>");
            }
            columns.add(taken ? name : "");
        }
        if (!columns.contains("id") || !columns.contains("task")) {
            problem(pos(row), "a task table needs the columns ID and Task (and may have " + String.join(", ", COLUMNS.subList(2, COLUMNS.size())) + ")");
            columns.clear();
            return false;
        }
        return true;
    }
}
