package baton.engine.recover;

import baton.engine.executor.Executor;
import baton.engine.executor.Executors;
import baton.model.AttemptRecord;

/** Whether a running attempt of a dead Baton is followed by the next one rather than ended: its executor says. */
final class Adoption {
    private Adoption() {}

    static boolean adoptable(Executors executors, AttemptRecord attempt) {
        if (attempt.executor() == null) return false;
        Executor e = executors.named(attempt.executor());
        return e != null && e.adopts(attempt);
    }
}
