package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.format.MarkdownBlocks.Line;
import baton.format.MarkdownBlocks.TaskLine;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;
import baton.model.When;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static baton.format.MarkdownBlocks.pos;

/**
 * A roadmap (SPEC 1.3): any H1 title, H2 phases, H3 groups of task items ({@code - A1: title},
 * {@code - [ ] A1: title}, {@code - [x] A1: title}). Groups run one after the other, each followed
 * by its gate; a group's tasks run in parallel. A checked task is done: its phase is marked so,
 * and a run skips it. Tasks written straight under a phase heading make that phase one group.
 */
final class RoadmapReader extends MarkdownReader {
    private static final Pattern PHASE = Pattern.compile("(?i)phase\\s+([A-Za-z0-9_.-]+)\\s*[:.\\-–]?\\s*(.*)");
    private static final Pattern GROUP = Pattern.compile("(?i)group\\s+([A-Za-z0-9_.-]+)\\s*[:.\\-–]?\\s*(.*)");
    private static final Map<String, String> TASK_REFUSED = Map.of(
            "worker", "is the command of the whole roadmap or of a group: put it under the title or a group heading"
                    + " (a task's own command is 'Command:')",
            "gate", "runs after a whole group: put it under the title or a group heading",
            "concurrency", "limits how many tasks of a group run at once: put it under the group heading",
            "depends on", "has no meaning in a roadmap, whose groups run in order and whose tasks run side by side:"
                    + " move the task to a later group, or write the file as a cascade ('### ID: title' tasks)");

    /** A group of tasks; {@code phaseScope} holds a Concurrency written under its phase heading. */
    private record Group(String id, String title, String phase, String lane, SourcePos pos, MarkdownScope scope,
                         MarkdownScope phaseScope, List<MarkdownTask> tasks) {}

    /** A heading whose section may turn out to be a group: at once for "Group X", else at its first task item. */
    private record Section(String text, SourcePos pos, boolean isPhase, MarkdownScope scope) {}

    /** The phase (H2) being read: its settings, its number, whether it is written "## Phase N". */
    private MarkdownScope phaseScope;
    private String phaseNo;
    private boolean underPhaseHeading;
    private int phaseCount;
    /** The latest heading below the title, and the group its task items go to (null until one is known). */
    private Section section;
    private Group group;
    private final List<Group> groups = new ArrayList<>();

    RoadmapReader(String file, List<Problem> problems) {
        super(file, problems, "roadmap");
    }

    /** An H2 starts a phase; an H3 (or deeper) a section, which is a group at once under "## Phase N" or as "### Group X". */
    @Override
    void heading(int level, String t, SourcePos at) {
        group = null;
        if (level == 2) {
            phaseCount++;
            Matcher m = PHASE.matcher(t);
            underPhaseHeading = m.matches();
            phaseNo = underPhaseHeading ? m.group(1) : Integer.toString(phaseCount);
            phaseScope = new MarkdownScope(top);
            section = new Section(t, at, true, phaseScope);
        } else {
            section = new Section(t, at, false, new MarkdownScope(phaseScope != null ? phaseScope : top));
            // under "## Phase N" every H3 is a group, and so is "### Group X" anywhere
            if (underPhaseHeading || GROUP.matcher(t).matches()) group = newGroup(section);
        }
    }

    @Override
    void block(Node n) {
        if (n instanceof Paragraph p) {
            for (Line l : MarkdownBlocks.lines(p)) {
                Optional<Field> f = Field.of(l);
                if (f.isEmpty()) continue; // prose of the roadmap, a phase or a group
                fields.scopeField(section == null ? top : section.scope(), f.get(), FormatKeys.ROADMAP_HEADING, Map.of(),
                        section == null ? "under the title" : "under a heading");
            }
        } else if (n instanceof ListBlock) {
            for (Node item = n.getFirstChild(); item != null; item = item.getNext()) taskItem(MarkdownBlocks.itemLines(item));
        }
    }

    /** A list item: a task of the current group (the first task item of a section makes it one), or prose. */
    private void taskItem(List<Line> lines) {
        if (lines.isEmpty()) return;
        Line first = lines.getFirst();
        Optional<TaskLine> task = TaskLine.of(first.text());
        if (group == null) {
            boolean taskShaped = task.isPresent() && task.get().unmistakable();
            if (!taskShaped) return; // a list of prose outside any group
            if (section == null) {
                problem(first.pos(), "a task list outside a group: put it under '### Group X: title'");
                return;
            }
            group = newGroup(section);
        }
        if (task.isEmpty()) {
            problem(first.pos(), "cannot read this task: write it as '- ID: title', for example '- A1: Create the schema'"
                    + " (or '- [ ] A1: ...', '- [x] A1: ...' for one already done)");
            return;
        }
        group.tasks().add(task(task.get(), group, lines));
    }

    private Group newGroup(Section s) {
        Matcher named = (s.isPhase() ? PHASE : GROUP).matcher(s.text());
        Matcher task = MarkdownBlocks.TASK.matcher(s.text());
        String id, title;
        if (named.matches()) {
            id = named.group(1);
            title = named.group(2).strip();
        } else if (task.matches()) { // "### A: Database"
            id = task.group(1);
            title = task.group(2).strip();
        } else {
            id = MarkdownBlocks.slug(s.text());
            title = s.text();
        }
        String phase = phaseNo == null ? "1" : phaseNo;
        String lane = s.isPhase() ? (named.matches() ? "Phase " + id : s.text()) : "Group " + id;
        Group g = new Group(id, title, phase, lane, s.pos(), s.scope(), s.isPhase() ? s.scope() : phaseScope, new ArrayList<>());
        groups.add(g);
        return g;
    }

    private MarkdownTask task(TaskLine line, Group g, List<Line> lines) {
        MarkdownTask t = new MarkdownTask();
        t.id = line.id();
        t.title = line.title();
        t.checked = line.checked();
        t.group = g.id();
        t.scope = g.scope();
        t.pos = lines.getFirst().pos();
        for (Line l : lines.subList(1, lines.size())) {
            Optional<Field> f = Field.of(l);
            if (f.isPresent()) fields.taskField(t, f.get(), FormatKeys.ROADMAP_TASK, TASK_REFUSED, d -> {});
            else t.description.add(l.text());
        }
        return t;
    }

    @Override
    List<PhaseDef> phases(String project) {
        if (groups.isEmpty()) problem(new SourcePos(1, 1), "no groups: add '### Group A: title' headings with '- A1: task' items under them");
        String shownName = MarkdownBlocks.baseName(file);
        boolean anyRun = groups.stream().anyMatch(g -> g.scope().worker() != null || g.tasks().stream().anyMatch(t -> t.command != null));
        if (!anyRun && groups.stream().anyMatch(g -> !g.tasks().isEmpty())) {
            problem(new SourcePos(1, 1), "a roadmap needs a 'Worker: `command`' line under its title: the command that works on each task");
        }
        List<PhaseDef> phases = new ArrayList<>();
        List<String> previous = List.of();
        for (Group g : groups) {
            if (g.id().length() > PipelineValidator.MAX_ID_LENGTH - "gate-".length()) {
                problem(g.pos(), "group id '" + g.id().substring(0, 40) + "…' is " + g.id().length() + " characters long; group ids are limited to "
                        + (PipelineValidator.MAX_ID_LENGTH - "gate-".length()) + " (its gate is 'gate-<group>'): shorten it");
                continue;
            }
            if (g.tasks().isEmpty()) problem(g.pos(), "group '" + g.id() + "' has no tasks: add '- " + g.id() + "1: title' items under it");
            Integer limit = g.scope().concurrency != null ? g.scope().concurrency : g.phaseScope() == null ? null : g.phaseScope().concurrency;
            List<String> taskIds = new ArrayList<>();
            List<String> toRun = new ArrayList<>();
            for (MarkdownTask t : g.tasks()) {
                String run = t.command != null ? t.command : g.scope().worker();
                if (run == null && anyRun) {
                    problem(t.pos, "task '" + t.id + "' has nothing to run: add a 'Worker: `...`' line under the title or its group,"
                            + " or a 'Command: `...`' line under the task");
                }
                List<Need> needs = new ArrayList<>(previous.stream().map(Need::success).toList());
                if (!t.checked && limit != null && toRun.size() >= limit) {
                    // no per-group slots in the engine: the group's tasks form 'limit' chains instead, each
                    // task starting when the one 'limit' places before it has ended, however it ended
                    needs.add(new Need(toRun.get(toRun.size() - limit), When.ALWAYS, t.pos));
                }
                if (!t.checked) toRun.add(t.id);
                phases.add(t.phase(run == null ? "false" : run, t.env(project, g.id(), g.phase()), needs, g.lane(),
                        t.checked ? "checked in " + shownName : null));
                taskIds.add(t.id);
            }
            boolean allChecked = !g.tasks().isEmpty() && toRun.isEmpty();
            String gate = g.scope().gate();
            if (allChecked) {
                // a done phase ends at once, whatever it needs: were the next group to need it, that group
                // would start before the groups ahead of it end. It needs what this group needed instead.
                if (gate != null) {
                    phases.add(gatePhase(project, g, gate, previous, "every task of group " + g.id() + " is checked in " + shownName));
                }
            } else if (gate != null) {
                String gateId = "gate-" + g.id();
                phases.add(gatePhase(project, g, gate, taskIds.isEmpty() ? previous : taskIds, null));
                previous = List.of(gateId);
            } else if (!taskIds.isEmpty()) {
                previous = taskIds;
            }
        }
        return phases;
    }

    private static PhaseDef gatePhase(String project, Group g, String command, List<String> needs, String doneReason) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TASK_GROUP", g.id());
        env.put("TASK_PHASE", g.phase());
        env.put("PROJECT_NAME", project);
        // the gate takes the group's Timeout (a hung test must end) but not its Retries, which are for tasks
        return new PhaseDef("gate-" + g.id(), "Gate after group " + g.id(), command, null, env, needs.stream().map(Need::success).toList(),
                false, false, null, true, g.scope().timeout(), RetryPolicy.NONE, null, null, List.of(), g.lane(), null, g.pos(), doneReason);
    }
}
