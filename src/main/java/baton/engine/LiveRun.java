package baton.engine;

import baton.engine.run.RunCoordinator;
import baton.model.RunId;
import baton.model.RunStatus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A run this process is driving. */
public final class LiveRun {
    private final RunCoordinator coordinator;

    LiveRun(RunCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    public RunId id() {
        return coordinator.runId();
    }

    public CompletableFuture<RunStatus> done() {
        return coordinator.done();
    }

    /** Cancels the run: waiting jobs at once, running ones by SIGTERM then SIGKILL to their process trees. */
    public void cancel() {
        coordinator.cancel("run cancelled");
    }

    /** Cancels the run because Baton cannot go on with it; {@code why} is told to its listeners. */
    void stop(String why) {
        coordinator.stop(why);
    }

    void pollRequests() {
        coordinator.pollRequests();
    }

    public void cancelJob(String jobId) {
        coordinator.cancelJob(jobId);
    }

    /** Waits for the end; a run whose coordinator broke (the store failed) ends as interrupted. */
    public RunStatus await() throws InterruptedException {
        try {
            return coordinator.done().get();
        } catch (ExecutionException e) {
            return RunStatus.INTERRUPTED; // the coordinator logged why it stopped
        }
    }
}
