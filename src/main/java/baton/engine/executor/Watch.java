package baton.engine.executor;

import java.time.Instant;

/**
 * What an executor tells the engine about one attempt, from any thread: that it exists, where
 * and when it began to run (a batch job may wait in its cluster's queue first), and its end,
 * once, with everything it wrote already in its log.
 */
public interface Watch {
    /** The attempt exists; {@code runningSince} is null while it waits in a queue that is not Baton's. */
    void started(Running attempt, Instant runningSince);

    /** The attempt left its cluster's queue and runs on {@code node} since {@code at}. */
    void running(String node, Instant at);

    /** {@code exitCode} is null when the attempt never ran or was lost; {@code error} then says why. */
    void ended(Integer exitCode, long logSize, String error);
}
