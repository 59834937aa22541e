package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.format.MarkdownBlocks.Line;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;
import baton.model.When;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Heading;
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
final class CascadeReader {
    static final List<String> FILE_KEYS = List.of("Worker", "Concurrency", "Max workers", "Timeout", "Retries", "Branch");
    static final List<String> GROUP_KEYS = List.of("Worker", "Branch", "Timeout", "Retries");
    static final List<String> TASK_KEYS = List.of("Depends on", "Command", "Branch", "Timeout", "Retries", "Description");
    private static final Map<String, String> GROUP_REFUSED = Map.of(
            "concurrency", "limits the whole cascade: put it under the title");
    private static final Map<String, String> TASK_REFUSED = Map.of(
            "worker", "is the default command of the whole cascade or a group: a task's own command is 'Command:'",
            "concurrency", "limits the whole cascade: put it under the title");
    /** Table columns Baton reads; any other column is kept as TASK_<COLUMN>. */
    static final List<String> COLUMNS = List.of("id", "task", "depends on", "group", "branch", "command", "description",
            "timeout", "retries");

    private final String file;
    private final List<Problem> problems;
    private final MarkdownFields fields;

    CascadeReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
        this.fields = new MarkdownFields(file, problems);
    }

    PipelineDef read(Node doc, String baseDir) {
        String project = null;
        MarkdownScope top = new MarkdownScope(null);
        MarkdownScope scope = top;
        String group = null;
        MarkdownTask task = null;
        List<MarkdownTask> tasks = new ArrayList<>();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                String t = inline(h).strip();
                switch (h.getLevel()) {
                    case 1 -> {
                        if (project == null) project = t.replaceFirst("(?i)^cascade\\s*[:\\-–]?\\s*", "").strip();
                    }
                    case 2 -> {
                        group = t.replaceFirst("(?i)^group\\s*[:\\-–]?\\s*", "").strip();
                        scope = new MarkdownScope(top);
                        task = null;
                    }
                    default -> {
                        Matcher m = MarkdownBlocks.TASK.matcher(t);
                        if (!m.matches()) {
                            problem(pos(h), "task heading '" + t + "' must be 'ID: title', for example '### E1: Parser'");
                            task = null;
                            continue;
                        }
                        task = new MarkdownTask();
                        task.id = m.group(1);
                        task.title = m.group(2).strip();
                        task.pos = pos(h);
                        task.group = group;
                        task.scope = scope;
                        tasks.add(task);
                    }
                }
            } else if (n instanceof Paragraph || n instanceof ListBlock) {
                List<Line> lines = n instanceof Paragraph p ? MarkdownBlocks.lines(p) : listLines(n);
                for (Line l : lines) {
                    Optional<Field> f = Field.of(l);
                    if (task != null && f.isPresent()) taskField(task, f.get());
                    else if (task != null) task.description.add(l.text());
                    else if (f.isPresent() && scope == top) fields.scopeField(top, f.get(), FILE_KEYS, Map.of(), "under the title");
                    else if (f.isPresent()) fields.scopeField(scope, f.get(), GROUP_KEYS, GROUP_REFUSED, "under a group heading");
                    // other lines before the first task are the cascade's or the group's prose
                }
            } else if (n instanceof TableBlock table) {
                for (MarkdownTask t : tableTasks(table)) {
                    t.scope = top;
                    tasks.add(t);
                }
            }
        }
        if (project == null || project.isEmpty()) project = MarkdownBlocks.baseName(file).replaceFirst("\\.[^.]*$", "");
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
            String g = t.group;
            Integer retries = t.retries != null ? t.retries : s.retries();
            phases.add(new PhaseDef(t.id, t.id + ": " + t.title, run, null, t.env(project, g, null), t.needs, false, false, null, true,
                    t.timeout != null ? t.timeout : s.timeout(), retries == null ? RetryPolicy.NONE : RetryPolicy.times(retries),
                    null, null, List.of(), g, null, t.pos));
        }
        return new PipelineDef(MarkdownBlocks.slug(project), project, top.concurrency, Map.of(), List.of(), Map.of(), top.timeout,
                top.retries == null ? RetryPolicy.NONE : RetryPolicy.times(top.retries), PipelineDef.DEFAULT_MAX_SPAWN, phases, baseDir);
    }

    private List<Line> listLines(Node list) {
        List<Line> out = new ArrayList<>();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) out.addAll(MarkdownBlocks.itemLines(item));
        return out;
    }

    private void taskField(MarkdownTask task, Field f) {
        fields.taskField(task, f, TASK_KEYS, TASK_REFUSED, d -> task.needs.addAll(dependencies(d.value(), d.pos())));
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

    private void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }
}
