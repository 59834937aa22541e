package baton.ui;

import baton.engine.RunEvent;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Approval checkpoints as the window tells of them: each run's {@code approve:} questions by
 * phase (from the definition it was started with), and one line, once, for the jobs that began
 * to wait for a person. No JavaFX; used on the FX thread.
 */
final class ApprovalNotices {
    private static final String REASON_PREFIX = "approve: ";

    private final Map<RunId, Map<String, String>> questions = new ConcurrentHashMap<>();
    /** Moves into awaiting_approval already told (events of a run not on display come round again when it is shown). */
    private final Set<String> announced = new HashSet<>();
    private final List<RunEvent.JobMoved> nowWaiting = new ArrayList<>();

    /** The {@code approve:} questions of a pipeline's phases, by phase. */
    static Map<String, String> questionsOf(LoadedPipeline p) {
        Map<String, String> out = new HashMap<>();
        for (PhaseDef ph : p.definition().phases()) if (ph.approve() != null) out.put(ph.id(), ph.approve().strip());
        return out;
    }

    void remember(RunId run, Map<String, String> byPhase) {
        questions.put(run, byPhase);
    }

    boolean knows(RunId run) {
        return questions.containsKey(run);
    }

    /** Lets go of the questions of runs {@code keep} does not want. */
    void keepOnly(Predicate<RunId> keep) {
        questions.keySet().removeIf(keep.negate());
    }

    /** The run ended: its waits were told, and (when it is not on display) its questions are no longer needed. */
    void ended(RunId run, boolean shown) {
        String prefix = run + "/";
        announced.removeIf(k -> k.startsWith(prefix));
        if (!shown) questions.remove(run);
    }

    /** The question a job of {@code phaseId} waits on: its run's definition says it; the move's reason repeats it. */
    String questionOf(RunId run, String phaseId, String reason) {
        String q = questions.getOrDefault(run, Map.of()).get(phaseId);
        if (q != null) return q;
        if (reason != null && reason.startsWith(REASON_PREFIX)) return reason.substring(REASON_PREFIX.length());
        return "(its question could not be read: the run's stored definition does not load)";
    }

    /** Notes a move into awaiting_approval not told yet. */
    void see(RunEvent e) {
        if (e instanceof RunEvent.JobMoved mv && mv.to() == JobStatus.AWAITING_APPROVAL
                && announced.add(mv.run() + "/" + mv.jobId() + "@" + mv.at().toEpochMilli())) {
            nowWaiting.add(mv);
        }
    }

    /**
     * The line telling of the jobs seen to begin waiting since the last call, grouped by question
     * (naming the run when it is not the one on display, {@code shown}); null when none did.
     */
    String announce(RunId shown) {
        if (nowWaiting.isEmpty()) return null;
        record Ask(String question, RunId elsewhere) {}
        Map<Ask, List<String>> byQuestion = new LinkedHashMap<>();
        for (RunEvent.JobMoved mv : nowWaiting) {
            boolean elsewhere = !mv.run().equals(shown);
            byQuestion.computeIfAbsent(new Ask(questionOf(mv.run(), mv.phaseId(), mv.reason()), elsewhere ? mv.run() : null),
                    k -> new ArrayList<>()).add(mv.jobId());
        }
        nowWaiting.clear();
        List<String> parts = new ArrayList<>();
        for (var e : byQuestion.entrySet()) {
            List<String> jobs = e.getValue();
            String who = jobs.size() == 1 ? jobs.getFirst() + " waits"
                    : String.join(", ", jobs.subList(0, Math.min(3, jobs.size()))) + (jobs.size() > 3 ? " and " + (jobs.size() - 3) + " more" : "") + " wait";
            parts.add(who + " for approval: " + e.getKey().question() + (e.getKey().elsewhere() != null ? " (run " + e.getKey().elsewhere() + ")" : ""));
        }
        return String.join("; ", parts);
    }
}
