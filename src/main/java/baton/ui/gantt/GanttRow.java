package baton.ui.gantt;

import baton.model.JobStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One job on the timeline: its spans by state, appended as its state changes arrive. A retried
 * or resumed job keeps its earlier spans, so the run reads as one timeline.
 */
public final class GanttRow {
    private final String jobId;
    private final String phaseId;
    private final String lane;
    /** The phase's name (with the foreach item), or null: the row is labelled by the job's id alone. */
    private final String label;
    /** Its phase says {@code fatal: false}: a failure does not fail the run, and is drawn apart. */
    private final boolean nonFatal;
    private final List<Segment> segments = new ArrayList<>();
    private JobStatus status = JobStatus.PENDING;
    private long statusSince;
    private int attempt;
    private Integer exitCode;
    /** Each attempt's start and end as the attempt records have them (ms; end 0 while it runs): the times the panel shows too. */
    private final java.util.Map<Integer, long[]> attemptTimes = new java.util.HashMap<>();
    /** How long the job usually takes (ms, median of earlier successful runs), or 0: not known. */
    private long baseline;
    /** Each attempt drawn as waiting in a cluster's queue, to the start of that span; and the attempts known to have left it. */
    private final java.util.Map<Integer, Long> clusterWait = new java.util.HashMap<>();
    private final java.util.Set<Integer> placed = new java.util.HashSet<>();
    /** Why the job was last moved (a blocked job: what blocked it), or null. */
    private String reason;

    public GanttRow(String jobId, String phaseId, String lane) {
        this(jobId, phaseId, lane, null, false);
    }

    public GanttRow(String jobId, String phaseId, String lane, String label, boolean nonFatal) {
        this.label = label;
        this.nonFatal = nonFatal;
        this.jobId = jobId;
        this.phaseId = phaseId;
        this.lane = lane;
    }

    /** Takes in one state change, at epoch milliseconds {@code at}. */
    public void moved(JobStatus to, int attempt, long at) {
        moved(to, attempt, at, null);
    }

    /** Takes in one state change and why it was made (null: no reason given). */
    public void moved(JobStatus to, int attempt, long at, String reason) {
        this.reason = reason;
        if (drawn(status) && !segments.isEmpty() && segments.getLast().open()) {
            Segment last = segments.removeLast();
            segments.add(new Segment(resultOf(last, to), last.attempt(), last.start(), Math.max(at, last.start())));
        }
        status = to;
        statusSince = at;
        this.attempt = Math.max(this.attempt, attempt);
        if (drawn(to)) segments.add(new Segment(to, attempt, at, Long.MAX_VALUE));
    }

    /**
     * A batch job was submitted to a cluster and waits in its queue: its attempt's span is drawn as
     * queued until the job leaves the queue ({@link #leftQueue}). The job is running to the engine
     * from its submission; the person sees when it really ran, as its time limit counts from then.
     * Told again (a resumed run follows the job anew) after it left the queue, nothing changes.
     */
    public void submitted(int attempt) {
        if (placed.contains(attempt) || clusterWait.containsKey(attempt)) return;
        int i = runSpan(attempt);
        if (i < 0) return;
        Segment s = segments.get(i);
        segments.set(i, new Segment(JobStatus.QUEUED, attempt, s.start(), s.end()));
        clusterWait.put(attempt, s.start());
    }

    /**
     * A cluster's batch job left its queue at {@code at}: its attempt's span from the submission
     * until then is drawn as queued, the rest as its run. Told twice (the stored attempt, then
     * the live event), the second changes nothing.
     */
    public void leftQueue(int attempt, long at) {
        if (!placed.add(attempt)) return;
        Long waitedFrom = clusterWait.get(attempt);
        int i = waitedFrom != null ? spanAt(attempt, waitedFrom) : runSpan(attempt);
        if (i < 0) return;
        Segment s = segments.get(i);
        // a span drawn as the queue's goes on as the run (a job leaves the queue before it ends)
        JobStatus ran = waitedFrom != null ? JobStatus.RUNNING : s.status();
        // a start at or before the submission (a cluster's clock counts whole seconds), or after the end: no wait to draw
        if (at <= s.start() || !s.open() && at >= s.end()) {
            segments.set(i, new Segment(ran, attempt, s.start(), s.end()));
            clusterWait.remove(attempt);
            return;
        }
        segments.set(i, new Segment(JobStatus.QUEUED, attempt, s.start(), at));
        segments.add(i + 1, new Segment(ran, attempt, at, s.end()));
        clusterWait.put(attempt, s.start());
    }

    /** Whether {@code s} is time a batch job spent in its cluster's queue (not Baton's own queue): the tooltip says so. */
    public boolean inClusterQueue(Segment s) {
        return s.status() == JobStatus.QUEUED && Long.valueOf(s.start()).equals(clusterWait.get(s.attempt()));
    }

    /** The index of an attempt's run, or -1. */
    private int runSpan(int attempt) {
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.attempt() == attempt && s.status() != JobStatus.QUEUED && s.status() != JobStatus.RETRYING
                    && s.status() != JobStatus.AWAITING_APPROVAL) return i;
        }
        return -1;
    }

    /** The index of the queued span of an attempt that starts at {@code start}, or -1. */
    private int spanAt(int attempt, long start) {
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.attempt() == attempt && s.status() == JobStatus.QUEUED && s.start() == start) return i;
        }
        return -1;
    }

    /** A running span takes the colour of how the attempt ended. */
    private static JobStatus resultOf(Segment last, JobStatus next) {
        if (last.status() != JobStatus.RUNNING) return last.status();
        return switch (next) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED -> next;
            case RETRYING -> JobStatus.FAILED;
            default -> JobStatus.RUNNING;
        };
    }

    /** States with a bar of their own: time spent in them is shown. */
    public static boolean drawn(JobStatus s) {
        return s == JobStatus.QUEUED || s == JobStatus.RUNNING || s == JobStatus.RETRYING || s == JobStatus.AWAITING_APPROVAL;
    }

    public void exitCode(Integer code) {
        exitCode = code;
    }

    public String jobId() { return jobId; }
    public String phaseId() { return phaseId; }
    public String lane() { return lane; }
    public String label() { return label; }
    public boolean nonFatal() { return nonFatal; }
    public JobStatus status() { return status; }
    public long statusSince() { return statusSince; }
    public int attempt() { return attempt; }
    public Integer exitCode() { return exitCode; }
    public String reason() { return reason; }
    public long baseline() { return baseline; }

    public void baseline(long ms) {
        baseline = ms;
    }

    /** The stored start and end of an attempt (end 0: still running), so the tooltip tells the same times as the job panel. */
    public void attemptTimes(int attempt, long startedAt, long endedAt) {
        attemptTimes.put(attempt, new long[]{startedAt, endedAt});
    }

    /** The stored {start, end} of an attempt, or null when not read. */
    public long[] attemptTimes(int attempt) {
        return attemptTimes.get(attempt);
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }
}
