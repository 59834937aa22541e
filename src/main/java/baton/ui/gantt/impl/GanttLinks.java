package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which jobs are lit and which edges are drawn: with the critical path on, the chain that made
 * the run as long as it was; else, with a job selected, that job, the jobs it waited for and those
 * that waited for it. The rest is dimmed. Worked out again only when the model or the selection
 * changes, not every frame.
 */
final class GanttLinks {
    /** One edge: from the job waited for to the job that waited. */
    record Edge(GanttRow from, GanttRow to) {}

    private final GanttChart chart;
    private int version = -1;
    private GanttModel model;
    private String selected;
    private boolean critical;
    private Set<String> lit;
    private List<Edge> edges = List.of();
    private Map<String, Integer> lineOf = Map.of();
    private List<GanttModel.Line> lines;

    GanttLinks(GanttChart chart) {
        this.chart = chart;
    }

    /** The jobs not dimmed, or null: none is (nothing selected, no path shown). */
    Set<String> lit() {
        update();
        return lit;
    }

    List<Edge> edges() {
        update();
        return edges;
    }

    /** The line a job is on (-1: not shown, e.g. filtered out or in a folded lane). */
    int lineOf(String jobId) {
        update();
        return lineOf.getOrDefault(jobId, -1);
    }

    private void update() {
        GanttModel m = chart.getModel();
        boolean crit = chart.criticalPathProperty().get();
        String sel = chart.getSelectedJob();
        if (m == model && m.version() == version && java.util.Objects.equals(sel, selected) && crit == critical && m.lines() == lines) return;
        model = m;
        version = m.version();
        selected = sel;
        critical = crit;
        lines = m.lines();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isHeader()) index.put(lines.get(i).row().jobId(), i);
        lineOf = index;
        List<Edge> e = new ArrayList<>();
        Set<String> on = null;
        if (crit) {
            List<String> path = m.criticalPath();
            if (!path.isEmpty()) {
                on = new HashSet<>(path);
                for (int i = 1; i < path.size(); i++) e.add(new Edge(m.row(path.get(i - 1)), m.row(path.get(i))));
            }
        } else if (sel != null && m.row(sel) != null) {
            on = new HashSet<>();
            on.add(sel);
            GanttRow r = m.row(sel);
            for (GanttRow u : m.upstream(sel)) {
                on.add(u.jobId());
                e.add(new Edge(u, r));
            }
            for (GanttRow d : m.downstream(sel)) {
                on.add(d.jobId());
                e.add(new Edge(r, d));
            }
        }
        lit = on;
        edges = e;
    }

    /** Where an edge leaves a job: when its last span ended (or when it was last moved). */
    static long leaves(GanttRow r, long now) {
        long end = 0;
        for (Segment s : r.segments()) end = Math.max(end, s.open() ? now : s.end());
        return end == 0 ? r.statusSince() : end;
    }

    /** Where an edge reaches a job: when its first span began (or when it was last moved). */
    static long reaches(GanttRow r) {
        return r.segments().isEmpty() ? r.statusSince() : r.segments().getFirst().start();
    }
}
