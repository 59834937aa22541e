package baton.client;

import baton.model.RunId;
import baton.model.RunStatus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A live run as a client sees it: its id, its end, and a way to cancel it. */
public interface RunHandle {
    RunId id();

    /** Completes with the run's final status (interrupted when the service went away first). */
    CompletableFuture<RunStatus> done();

    void cancel();

    default RunStatus await() throws InterruptedException {
        try {
            return done().get();
        } catch (ExecutionException e) {
            return RunStatus.INTERRUPTED;
        }
    }
}
