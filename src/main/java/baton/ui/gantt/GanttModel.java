package baton.ui.gantt;

import baton.model.JobStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Gantt shows, with no JavaFX in it: rows grouped by lane, collapsed lanes, the run's
 * time span. The chart asks it for "the visible rows" (header rows included) by index, so only
 * what is on screen is ever drawn. Changed on the FX thread only.
 */
public final class GanttModel {
    /** A visible line: a lane header, or a job row under its lane. */
    public record Line(String lane, GanttRow row, int jobsInLane) {
        public boolean isHeader() {
            return row == null;
        }
    }

    /** What the chart knows of a phase: its name (null: none), whether a failure of it fails the run, the phases it needs. */
    public record Phase(String name, boolean nonFatal, List<String> needs) {
        public Phase {
            needs = List.copyOf(needs);
        }
    }

    private final String key;
    private final Map<String, Phase> phases;
    private final Map<String, List<GanttRow>> lanes = new LinkedHashMap<>();
    private final Map<String, GanttRow> byJob = new HashMap<>();
    private final Set<String> collapsed = new HashSet<>();
    private List<Line> lines = List.of();
    /** The states shown (empty: all) and the text a row's id or label must hold (empty: any). */
    private Set<JobStatus> shownStates = Set.of();
    private String shownText = "";
    private boolean linesStale = true;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;
    private final long made = System.currentTimeMillis();
    private boolean live;
    private int version;
    private GanttTime time;
    private int timeVersion = -1;
    private long timeMadeAt;
    private static final long TIME_EVERY_MS = 500;

    /** A timeline of nothing in particular (tests, benchmarks): rows are labelled by their job ids. */
    public GanttModel() {
        this("", Map.of());
    }

    /**
     * @param key what is shown, the same each time it is shown again (a run's id): the chart keeps
     *            each one's zoom and scroll under it
     * @param phases the phases by id: the rows' labels, how failures are drawn, the edges between jobs
     */
    public GanttModel(String key, Map<String, Phase> phases) {
        this.key = key;
        this.phases = Map.copyOf(phases);
    }

    public String key() {
        return key;
    }

    public GanttRow addRow(String jobId, String phaseId, String lane) {
        return addRow(jobId, phaseId, lane, null);
    }

    /** Adds a job's row (once); {@code item} is its foreach item, if any. */
    public GanttRow addRow(String jobId, String phaseId, String lane, String item) {
        GanttRow row = byJob.get(jobId);
        if (row != null) return row;
        Phase ph = phases.get(phaseId);
        row = new GanttRow(jobId, phaseId, lane, label(jobId, phaseId, item), ph != null && ph.nonFatal());
        byJob.put(jobId, row);
        lanes.computeIfAbsent(lane, k -> new ArrayList<>()).add(row);
        linesStale = true;
        version++;
        return row;
    }

    /**
     * A row's label: the phase's name, and a foreach job's item after it ({@code Build baskets [fr]});
     * a phase without a name, or an unknown one, is labelled by the job's id alone.
     */
    private String label(String jobId, String phaseId, String item) {
        String name = phases.containsKey(phaseId) ? phases.get(phaseId).name() : null;
        if (name == null || name.equals(phaseId)) return null;
        if (item != null) return name + " [" + item + "]";
        // a job made from the phase without a stored item (a foreach job added while shown): its suffix, e.g. "[2]"
        return jobId.startsWith(phaseId) && jobId.length() > phaseId.length() ? name + " " + jobId.substring(phaseId.length()) : name;
    }

    public void moved(String jobId, JobStatus to, int attempt, long at) {
        moved(jobId, to, attempt, at, null);
    }

    /** A job's move, with why it was made (a blocked job: which job blocked it), or null. */
    public void moved(String jobId, JobStatus to, int attempt, long at, String reason) {
        GanttRow row = byJob.get(jobId);
        if (row == null) return;
        row.moved(to, attempt, at, reason);
        if (!shownStates.isEmpty()) linesStale = true;
        start = Math.min(start, at);
        end = Math.max(end, at);
        version++;
    }

    /** A batch job waits in a cluster's queue: see {@link GanttRow#submitted}. */
    public void submitted(String jobId, int attempt) {
        GanttRow row = byJob.get(jobId);
        if (row == null) return;
        row.submitted(attempt);
        version++;
    }

    /** A cluster's batch job left its queue: see {@link GanttRow#leftQueue}. */
    public void leftQueue(String jobId, int attempt, long at) {
        GanttRow row = byJob.get(jobId);
        if (row == null) return;
        row.leftQueue(attempt, at);
        end = Math.max(end, at);
        version++;
    }

    public GanttRow row(String jobId) {
        return byJob.get(jobId);
    }

    public List<Line> lines() {
        if (linesStale) {
            boolean filtered = !shownStates.isEmpty() || !shownText.isEmpty();
            List<Line> l = new ArrayList<>();
            for (var e : lanes.entrySet()) {
                List<GanttRow> rows = filtered ? e.getValue().stream().filter(this::shown).toList() : e.getValue();
                if (rows.isEmpty()) continue;
                boolean single = e.getValue().size() == 1 && e.getValue().getFirst().jobId().equals(e.getKey());
                if (!single) l.add(new Line(e.getKey(), null, rows.size()));
                if (single || !collapsed.contains(e.getKey())) {
                    for (GanttRow r : rows) l.add(new Line(e.getKey(), r, rows.size()));
                }
            }
            lines = l;
            linesStale = false;
        }
        return lines;
    }

    /**
     * Shows only the rows in one of {@code states} (none: every state) whose job id or label holds
     * {@code text} (ignoring case; blank: any). Rows move between states as the run goes on: the
     * lines are worked out again on every move while a filter is set.
     */
    public void filter(Set<JobStatus> states, String text) {
        shownStates = Set.copyOf(states);
        shownText = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        linesStale = true;
        version++;
    }

    private boolean shown(GanttRow r) {
        if (!shownStates.isEmpty() && !shownStates.contains(r.status())) return false;
        if (shownText.isEmpty()) return true;
        return r.jobId().toLowerCase(java.util.Locale.ROOT).contains(shownText)
                || (r.label() != null && r.label().toLowerCase(java.util.Locale.ROOT).contains(shownText));
    }

    public void toggleLane(String lane) {
        if (!collapsed.remove(lane)) collapsed.add(lane);
        linesStale = true;
        version++;
    }

    public boolean isCollapsed(String lane) {
        return collapsed.contains(lane);
    }

    /** The jobs {@code jobId} waited for: those of the phases its phase needs. */
    public List<GanttRow> upstream(String jobId) {
        GanttRow r = byJob.get(jobId);
        Phase ph = r == null ? null : phases.get(r.phaseId());
        if (ph == null) return List.of();
        List<GanttRow> out = new ArrayList<>();
        for (GanttRow other : byJob.values()) if (ph.needs().contains(other.phaseId())) out.add(other);
        return out;
    }

    /** The jobs that waited for {@code jobId}. */
    public List<GanttRow> downstream(String jobId) {
        GanttRow r = byJob.get(jobId);
        if (r == null) return List.of();
        List<GanttRow> out = new ArrayList<>();
        for (GanttRow other : byJob.values()) {
            Phase ph = phases.get(other.phaseId());
            if (ph != null && ph.needs().contains(r.phaseId())) out.add(other);
        }
        return out;
    }

    /**
     * The chain of jobs that made the run as long as it was: from the job that ended last, back
     * through the need of each that ended last, to a job that needed none (first to last).
     * Empty while nothing has ended.
     */
    public List<String> criticalPath() {
        GanttRow last = null;
        for (GanttRow r : byJob.values()) if (ended(r) > 0 && (last == null || ended(r) > ended(last))) last = r;
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (last != null && seen.add(last.jobId())) {
            path.addFirst(last.jobId());
            GanttRow before = null;
            for (GanttRow u : upstream(last.jobId())) if (ended(u) > 0 && (before == null || ended(u) > ended(before))) before = u;
            last = before;
        }
        return path;
    }

    /** The time axis, idle stretches cut down to breaks; made again when the model changed. */
    public GanttTime time() {
        // while live every frame changes the model: with 10,000 jobs the axis is worked out at most twice a second
        long now = System.currentTimeMillis();
        if (time == null || timeVersion != version && (!live || now - timeMadeAt >= TIME_EVERY_MS)) {
            time = byJob.isEmpty() ? GanttTime.plain(start()) : GanttTime.of(start(), byJob.values());
            timeVersion = version;
            timeMadeAt = now;
        }
        return time;
    }

    /** When a job's last span ended (0: it has none ended). */
    private static long ended(GanttRow r) {
        long end = 0;
        for (Segment s : r.segments()) if (!s.open()) end = Math.max(end, s.end());
        return end;
    }

    public int jobCount() {
        return byJob.size();
    }

    /** When the first move was made; before any, when the model was made (a fixed point, so the axis stands still). */
    public long start() {
        return start == Long.MAX_VALUE ? made : start;
    }

    public long end(long now) {
        long e = end == Long.MIN_VALUE ? start() : end;
        return live ? Math.max(e, now) : e;
    }

    public boolean live() {
        return live;
    }

    public void live(boolean v) {
        live = v;
        version++;
    }

    /** Changes on every update: the chart repaints when it differs from what it last drew. */
    public int version() {
        return version;
    }

    public Map<JobStatus, Integer> counts() {
        Map<JobStatus, Integer> c = new java.util.EnumMap<>(JobStatus.class);
        for (GanttRow r : byJob.values()) c.merge(r.status(), 1, Integer::sum);
        return c;
    }
}
