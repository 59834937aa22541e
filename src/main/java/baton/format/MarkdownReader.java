package baton.format;

import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;
import baton.model.When;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Markdown task graphs (SPEC 1.2 Cascade, 1.3 Roadmap) with commonmark into the same model
 * as a YAML pipeline. Every task keeps its line, so the validator's errors point into the file.
 */
final class MarkdownReader {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    private static final Pattern TASK = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]*)\\s*:\\s*(.+)");
    private static final Pattern KEY_LINE = Pattern.compile("([A-Za-z][A-Za-z ]*?)\\s*:\\s*(.*)");
    private static final Pattern PHASE = Pattern.compile("(?i)phase\\s+([A-Za-z0-9_.-]+)\\s*[:.\\-–]?\\s*(.*)");
    private static final Pattern GROUP = Pattern.compile("(?i)group\\s+([A-Za-z0-9_.-]+)\\s*[:.\\-–]?\\s*(.*)");

    private final String file;
    private final List<Problem> problems;

    MarkdownReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** A line of a paragraph or list item: its text (code spans as their content), where it is, its first code span. */
    record Line(String text, SourcePos pos, String code) {}

    private static final class Task {
        String id, title, group, branch, command, phase;
        final List<String> description = new ArrayList<>();
        final List<Need> needs = new ArrayList<>();
        SourcePos pos;
    }

    // ---------------------------------------------------------------- Cascade

    PipelineDef readCascade(String text, String baseDir) {
        Node doc = PARSER.parse(text);
        String project = null;
        String worker = null;
        Integer concurrency = null;
        String group = null, groupBranch = null;
        Task task = null;
        List<Task> tasks = new ArrayList<>();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                String t = inline(h).strip();
                switch (h.getLevel()) {
                    case 1 -> project = t.replaceFirst("(?i)^cascade\\s*[:\\-–]?\\s*", "").strip();
                    case 2 -> {
                        group = t.replaceFirst("(?i)^group\\s*[:\\-–]?\\s*", "").strip();
                        groupBranch = null;
                        task = null;
                    }
                    default -> {
                        Matcher m = TASK.matcher(t);
                        if (!m.matches()) {
                            problem(pos(h), "task heading '" + t + "' must be 'ID: title', for example '### E1: Parser'");
                            task = null;
                            continue;
                        }
                        task = new Task();
                        task.id = m.group(1);
                        task.title = m.group(2).strip();
                        task.group = group;
                        task.branch = groupBranch;
                        task.pos = pos(h);
                        tasks.add(task);
                    }
                }
            } else if (n instanceof Paragraph p) {
                for (Line l : lines(p)) {
                    Matcher kv = KEY_LINE.matcher(l.text());
                    String key = kv.matches() ? kv.group(1).strip().toLowerCase(Locale.ROOT) : "";
                    if (task == null && group == null && key.equals("worker")) worker = value(l, kv);
                    else if (task == null && group == null && key.equals("concurrency")) concurrency = number(l, kv.group(2));
                    else if (task == null && key.equals("branch")) groupBranch = value(l, kv);
                    else if (task != null && isTaskField(key)) taskField(task, key, l, kv);
                    else if (task != null) task.description.add(l.text());
                }
            } else if (n instanceof BulletList || n instanceof OrderedList) {
                for (Node item = n.getFirstChild(); item != null; item = item.getNext()) {
                    for (Line l : itemLines(item)) {
                        Matcher kv = KEY_LINE.matcher(l.text());
                        String key = kv.matches() ? kv.group(1).strip().toLowerCase(Locale.ROOT) : "";
                        if (task == null) {
                            problem(l.pos(), "a list before any task ('### ID: title'): put task fields under their task");
                        } else if (isTaskField(key)) {
                            taskField(task, key, l, kv);
                        } else if (kv.matches() && !key.contains(" ") || key.equals("depends")) {
                            problem(l.pos(), "unknown task field '" + kv.group(1).strip() + "'"
                                    + Suggest.hint(kv.group(1).strip(), List.of("Depends on", "Command", "Branch"))
                                    + ": a task takes Depends on, Command and Branch");
                        } else {
                            task.description.add(l.text());
                        }
                    }
                }
            } else if (n instanceof TableBlock table) {
                tasks.addAll(tableTasks(table));
            }
        }
        if (project == null || project.isEmpty()) {
            problem(new SourcePos(1, 1), "a cascade starts with '# Cascade: NAME'");
            project = "cascade";
        }
        if (tasks.isEmpty()) problem(new SourcePos(1, 1), "no tasks: add '### ID: title' headings, or a table with columns ID | Task | Depends on");
        List<PhaseDef> phases = new ArrayList<>();
        for (Task t : tasks) {
            String run = t.command != null ? t.command : worker;
            if (run == null) {
                problem(t.pos, "task '" + t.id + "' has nothing to run: add '- Command: `...`' under it, or a 'Worker: `...`' line under the title");
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TASK_ID", t.id);
            env.put("TASK_TITLE", t.title);
            env.put("TASK_DESCRIPTION", String.join("\n", t.description));
            env.put("TASK_GROUP", t.group == null ? "" : t.group);
            env.put("TASK_BRANCH", t.branch == null ? "" : t.branch);
            env.put("PROJECT_NAME", project);
            phases.add(new PhaseDef(t.id, t.id + ": " + t.title, run, null, env, t.needs, false, false, null, true, null,
                    RetryPolicy.NONE, null, null, List.of(), t.group, null, t.pos));
        }
        return new PipelineDef(slug(project), project, concurrency, Map.of(), List.of(), Map.of(), null, RetryPolicy.NONE,
                PipelineDef.DEFAULT_MAX_SPAWN, phases, baseDir);
    }

    private static boolean isTaskField(String key) {
        return key.equals("depends on") || key.equals("depends") || key.equals("command") || key.equals("branch");
    }

    private void taskField(Task task, String key, Line l, Matcher kv) {
        switch (key) {
            case "command" -> task.command = value(l, kv);
            case "branch" -> task.branch = value(l, kv);
            default -> task.needs.addAll(dependencies(kv.group(2), l.pos()));
        }
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

    private List<Task> tableTasks(TableBlock table) {
        List<Task> out = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) continue;
                List<TableCell> cells = new ArrayList<>();
                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) if (c instanceof TableCell tc) cells.add(tc);
                if (columns.isEmpty()) {
                    for (TableCell c : cells) columns.add(inline(c).strip().toLowerCase(Locale.ROOT));
                    if (!columns.contains("id") || !columns.contains("task")) {
                        problem(pos(row), "a task table needs the columns ID and Task (and may have Depends on, Group, Branch, Command)");
                        return out;
                    }
                    for (String c : columns) {
                        if (!List.of("id", "task", "depends on", "depends", "group", "branch", "command", "description").contains(c)) {
                            problem(pos(row), "unknown column '" + c + "'" + Suggest.hint(c, List.of("depends on", "group", "branch", "command")));
                        }
                    }
                    continue;
                }
                Task t = new Task();
                t.pos = pos(row);
                for (int i = 0; i < cells.size() && i < columns.size(); i++) {
                    TableCell cell = cells.get(i);
                    String v = inline(cell).strip();
                    String code = firstCode(cell);
                    switch (columns.get(i)) {
                        case "id" -> t.id = v.replace("`", "");
                        case "task" -> t.title = v;
                        case "depends on", "depends" -> t.needs.addAll(dependencies(v, pos(cell)));
                        case "group" -> t.group = v.isEmpty() ? null : v;
                        case "branch" -> t.branch = v.isEmpty() ? null : v.replace("`", "");
                        case "command" -> t.command = code != null ? code : v.isEmpty() ? null : v;
                        case "description" -> t.description.add(v);
                        default -> {}
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

    // ---------------------------------------------------------------- Roadmap

    PipelineDef readRoadmap(String text, String baseDir) {
        Node doc = PARSER.parse(text);
        String project = null, worker = null, gate = null;
        Integer concurrency = null;
        String phaseNo = null;
        record Group(String id, String title, String phase, SourcePos pos, List<Task> tasks, String[] gate) {}
        List<Group> groups = new ArrayList<>();
        Group group = null;
        int phaseCount = 0;
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                String t = inline(h).strip();
                switch (h.getLevel()) {
                    case 1 -> project = t.replaceFirst("(?i)^roadmap\\s*[:\\-–]?\\s*", "").strip();
                    case 2 -> {
                        phaseCount++;
                        Matcher m = PHASE.matcher(t);
                        phaseNo = m.matches() ? m.group(1) : Integer.toString(phaseCount);
                        group = null;
                    }
                    default -> {
                        Matcher m = GROUP.matcher(t);
                        String id = m.matches() ? m.group(1) : slug(t);
                        String title = m.matches() ? m.group(2).strip() : t;
                        group = new Group(id, title, phaseNo == null ? "1" : phaseNo, pos(h), new ArrayList<>(), new String[1]);
                        groups.add(group);
                    }
                }
            } else if (n instanceof Paragraph p) {
                for (Line l : lines(p)) {
                    Matcher kv = KEY_LINE.matcher(l.text());
                    String key = kv.matches() ? kv.group(1).strip().toLowerCase(Locale.ROOT) : "";
                    if (key.equals("worker") && group == null) worker = value(l, kv);
                    else if (key.equals("gate") && group == null) gate = value(l, kv);
                    else if (key.equals("gate")) group.gate()[0] = value(l, kv);
                    else if (key.equals("concurrency") && group == null) concurrency = number(l, kv.group(2));
                }
            } else if (n instanceof BulletList || n instanceof OrderedList) {
                for (Node item = n.getFirstChild(); item != null; item = item.getNext()) {
                    List<Line> ls = itemLines(item);
                    if (ls.isEmpty()) continue;
                    Line l = ls.getFirst();
                    if (group == null) {
                        problem(l.pos(), "a task list outside a group: put it under '### Group X: title'");
                        continue;
                    }
                    Matcher m = TASK.matcher(l.text());
                    if (!m.matches()) {
                        problem(l.pos(), "cannot read this task: write it as '- ID: title', for example '- A1: Create the schema'");
                        continue;
                    }
                    Task t = new Task();
                    t.id = m.group(1);
                    t.title = m.group(2).strip();
                    t.group = group.id();
                    t.phase = group.phase();
                    t.pos = l.pos();
                    for (int i = 1; i < ls.size(); i++) t.description.add(ls.get(i).text());
                    group.tasks().add(t);
                }
            }
        }
        if (project == null || project.isEmpty()) {
            problem(new SourcePos(1, 1), "a roadmap starts with '# Roadmap: NAME'");
            project = "roadmap";
        }
        if (groups.isEmpty()) problem(new SourcePos(1, 1), "no groups: add '### Group A: title' headings with '- A1: task' items under them");
        if (worker == null) problem(new SourcePos(1, 1), "a roadmap needs a 'Worker: `command`' line under its title: the command that works on each task");
        List<PhaseDef> phases = new ArrayList<>();
        List<String> previous = List.of();
        for (Group g : groups) {
            if (g.id().length() > PipelineValidator.MAX_ID_LENGTH - "gate-".length()) {
                problem(g.pos(), "group id '" + g.id().substring(0, 40) + "…' is " + g.id().length() + " characters long; group ids are limited to "
                        + (PipelineValidator.MAX_ID_LENGTH - "gate-".length()) + " (its gate is 'gate-<group>'): shorten it");
                continue;
            }
            if (g.tasks().isEmpty()) problem(g.pos(), "group '" + g.id() + "' has no tasks: add '- " + g.id() + "1: title' items under it");
            String lane = "Group " + g.id();
            List<String> taskIds = new ArrayList<>();
            for (Task t : g.tasks()) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("TASK_ID", t.id);
                env.put("TASK_TITLE", t.title);
                env.put("TASK_DESCRIPTION", String.join("\n", t.description));
                env.put("TASK_GROUP", g.id());
                env.put("TASK_BRANCH", "");
                env.put("TASK_PHASE", g.phase());
                env.put("PROJECT_NAME", project);
                List<Need> needs = previous.stream().map(Need::success).toList();
                phases.add(new PhaseDef(t.id, t.id + ": " + t.title, worker == null ? "false" : worker, null, env, needs, false, false,
                        null, true, null, RetryPolicy.NONE, null, null, List.of(), lane, null, t.pos));
                taskIds.add(t.id);
            }
            String gateCommand = g.gate()[0] != null ? g.gate()[0] : gate;
            if (gateCommand != null) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("TASK_GROUP", g.id());
                env.put("TASK_PHASE", g.phase());
                env.put("PROJECT_NAME", project);
                String gateId = "gate-" + g.id();
                phases.add(new PhaseDef(gateId, "Gate after group " + g.id(), gateCommand, null, env,
                        (taskIds.isEmpty() ? previous : taskIds).stream().map(Need::success).toList(), false, false, null, true, null,
                        RetryPolicy.NONE, null, null, List.of(), lane, null, g.pos()));
                previous = List.of(gateId);
            } else if (!taskIds.isEmpty()) {
                previous = taskIds;
            }
        }
        return new PipelineDef(slug(project), project, concurrency, Map.of(), List.of(), Map.of(), null, RetryPolicy.NONE,
                PipelineDef.DEFAULT_MAX_SPAWN, phases, baseDir);
    }

    // ---------------------------------------------------------------- helpers

    private String value(Line l, Matcher kv) {
        return l.code() != null ? l.code() : kv.group(2).strip();
    }

    private Integer number(Line l, String v) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(l.pos(), "'Concurrency:' takes a whole number of at least 1, not '" + v.strip() + "'");
        return null;
    }

    /** The lines of a paragraph, split at its line breaks. */
    private List<Line> lines(Node block) {
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

    private List<Line> itemLines(Node item) {
        List<Line> out = new ArrayList<>();
        if (!(item instanceof ListItem)) return out;
        for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Paragraph p) out.addAll(lines(p));
        }
        return out;
    }

    private static String firstCode(Node n) {
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

    private static SourcePos pos(Node n) {
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

    private void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }
}
