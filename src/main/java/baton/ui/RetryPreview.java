package baton.ui;

import baton.format.LoadedPipeline;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.Need;
import baton.model.PhaseDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a retry will run again and why, with no node in it: each job of the engine's plan with the
 * reason it is in it (it failed, timed out, was cancelled or blocked; or it depends on a job run
 * again, having run on the old outcome), and whether the person may leave it out (a job asked
 * for, not one that comes because it depends on another: the engine runs those again anyway).
 *
 * @param chosen the jobs asked for (the engine adds what depends on them)
 */
record RetryPreview(Set<String> chosen, List<Entry> entries) {
    /** One job that runs again: what it was, why it runs, and whether unticking it leaves it out. */
    record Entry(String jobId, JobStatus was, String reason, boolean canLeaveOut) {
        boolean hadSucceeded() {
            return was == JobStatus.SUCCEEDED;
        }
    }

    /** The jobs "Retry all failed" asks for: every failed, timed-out, cancelled and blocked one. */
    static Set<String> allFailed(List<JobRecord> jobs) {
        Set<String> out = new LinkedHashSet<>();
        for (JobRecord j : jobs) {
            switch (j.status()) {
                case FAILED, TIMED_OUT, CANCELLED, BLOCKED -> out.add(j.id());
                default -> {}
            }
        }
        return out;
    }

    /**
     * @param plan the engine's retry plan for {@code chosen}, in order
     * @param definition the definition the run was started with (null when it no longer loads: no "depends on")
     */
    static RetryPreview of(Collection<String> chosen, List<String> plan, List<JobRecord> jobs, LoadedPipeline definition) {
        Map<String, JobRecord> byId = new HashMap<>();
        for (JobRecord j : jobs) byId.put(j.id(), j);
        Map<String, List<String>> needs = new HashMap<>();
        if (definition != null) {
            for (PhaseDef p : definition.definition().phases()) needs.put(p.id(), p.needs().stream().map(Need::phase).toList());
        }
        Set<String> planPhases = new HashSet<>();
        for (String id : plan) if (byId.containsKey(id)) planPhases.add(byId.get(id).phaseId());
        Set<String> chosenPhases = new HashSet<>();
        for (String id : chosen) if (byId.containsKey(id)) chosenPhases.add(byId.get(id).phaseId());
        List<Entry> entries = new ArrayList<>();
        for (String id : plan) {
            JobRecord j = byId.get(id);
            if (j == null) continue;
            String upstream = upstreamIn(j.phaseId(), planPhases, needs);
            boolean pulledIn = upstream != null && downstreamOf(j.phaseId(), chosenPhases, needs);
            String reason = chosen.contains(id) && !pulledIn ? why(j) : upstream != null ? dependsOn(j, upstream, byId) : why(j);
            entries.add(new Entry(id, j.status(), reason, chosen.contains(id) && !pulledIn));
        }
        return new RetryPreview(Set.copyOf(chosen), entries);
    }

    /** Why a job asked for runs again: how it ended. */
    private static String why(JobRecord j) {
        return switch (j.status()) {
            case FAILED -> "failed" + (j.exitCode() != null ? " (exit " + j.exitCode() + ")" : "");
            case TIMED_OUT -> "timed out";
            case CANCELLED -> "cancelled";
            case BLOCKED -> j.error() != null ? "blocked: " + j.error() : "blocked";
            default -> "asked for (" + j.status().wire().replace('_', ' ') + ")";
        };
    }

    private static String dependsOn(JobRecord j, String upstreamPhase, Map<String, JobRecord> byId) {
        if (j.status() == JobStatus.BLOCKED) return "blocked by " + upstreamPhase + ", which runs again";
        String was = switch (j.status()) {
            case SUCCEEDED -> "had succeeded";
            case BLOCKED -> "was blocked";
            case SKIPPED -> "was skipped";
            default -> "was " + j.status().wire().replace('_', ' ');
        };
        return "depends on " + upstreamPhase + ", which runs again (" + was + " on its old outcome)";
    }

    /** A phase {@code phase} needs, directly, that runs again (null: none). */
    private static String upstreamIn(String phase, Set<String> planPhases, Map<String, List<String>> needs) {
        for (String n : needs.getOrDefault(phase, List.of())) if (planPhases.contains(n)) return n;
        return null;
    }

    /** Whether {@code phase} is downstream of one of {@code from} (so the engine runs it again whatever is ticked). */
    private static boolean downstreamOf(String phase, Set<String> from, Map<String, List<String>> needs) {
        ArrayDeque<String> todo = new ArrayDeque<>(needs.getOrDefault(phase, List.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (!seen.add(p)) continue;
            if (from.contains(p)) return true;
            todo.addAll(needs.getOrDefault(p, List.of()));
        }
        return false;
    }

    int succeededCount() {
        return (int) entries.stream().filter(Entry::hadSucceeded).count();
    }
}
