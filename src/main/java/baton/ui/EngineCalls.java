package baton.ui;

import baton.engine.RunEvent;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.engine.TrustCheck;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.StateChange;
import baton.model.TrustFingerprint;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the window asks of the engine, in domain words: the one door between them. Today
 * {@link LocalEngineCalls} answers in this process; a client of the Baton service can answer
 * instead without the window changing. Every method may block: the window calls them only through
 * {@link OffFxThread}, never on the FX thread.
 */
public interface EngineCalls {

    /** Where the events of the runs this process drives arrive, on engine threads: be quick. */
    interface Listener {
        /** One coordinator step's events, in order, after they were committed. */
        void onEvents(List<RunEvent> events);

        /** This process no longer drives {@code run}: it ended, or its coordinator broke off. */
        void onRunFinished(RunId run);
    }

    /**
     * Whether runs go on when the window closes: they do in the background service, so closing
     * asks "keep them running, or cancel them?"; in this process they end with it.
     */
    default boolean runsOutliveTheWindow() {
        return false;
    }

    /** Jobs running now across the data directory's runs, and the machine-wide cap on them (the service's max_jobs; 0: none). */
    record Slots(int inUse, int max) {}

    /** The slots in use; empty when no service shares one budget between runs. */
    default Optional<Slots> slots() {
        return Optional.empty();
    }

    /** The one subscription point for live events; events of runs started before it are not repeated. */
    void subscribe(Listener listener);

    // --- runs this process drives ---

    RunId start(LoadedPipeline pipeline, RunOptions options) throws RunRefused;

    /** What a retry of {@code jobIds} (none: every failed one) would run again, in order. */
    List<String> retryPlan(RunId run, Collection<String> jobIds) throws RunRefused;

    /** Runs the jobs again in the same run (none named: every failed, timed-out, cancelled and blocked one). */
    void retry(RunId run, Collection<String> jobIds) throws RunRefused;

    /** Continues an interrupted run. */
    void resume(RunId run) throws RunRefused;

    /** Cancels a run this process drives; false when it drives no such run. */
    boolean cancel(RunId run);

    /** Cancels one job of a run this process drives; false when it drives no such run. */
    boolean cancelJob(RunId run, String jobId);

    /** The runs this process drives now. */
    Set<RunId> drivenRuns();

    // --- requests to a running run, whichever Baton process drives it ---

    long request(RunId run, String jobId, RunRequest.Kind kind, String by) throws RunRefused;

    Optional<String> requestOutcome(long requestId);

    // --- stored runs ---

    /** The latest {@code limit} runs, newest first. */
    List<RunRecord> runs(int limit);

    Optional<RunRecord> run(RunId run);

    /** The run's jobs as they are now. */
    List<JobRecord> jobs(RunId run);

    /** Every attempt of every job of the run, with its metrics. */
    List<AttemptRecord> attempts(RunId run);

    /** The run's state changes after {@code afterSeq}, in the order they were committed. */
    List<StateChange> stateChanges(RunId run, long afterSeq);

    /** The exact definition a run was started with. */
    LoadedPipeline definitionOf(RunRecord run) throws LoadException;

    /** Whether the file a run was started from now reads differently, or is gone. */
    boolean definitionChanged(RunRecord run);

    /** A roadmap's groups that fully succeeded in its latest run. */
    Set<String> roadmapGroupsDone(LoadedPipeline pipeline);

    // --- trust ---

    TrustCheck checkTrust(LoadedPipeline pipeline);

    void trust(TrustFingerprint shown);

    /** What the engine found worth telling when it opened (runs it recovered), once. */
    List<String> takeNotes();
}
