package baton.engine.run;

import baton.engine.RunEvent;
import baton.store.Change;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one coordinator step decided, in the order it decided it: the changes the store takes in
 * one transaction, the events published once they are committed, and what is done after that
 * (start processes, end them). Nothing of it reaches the world before the commit, except a
 * {@link Kill}.
 */
final class Step {
    /** An action that ends processes: safe to take before the store has the change, so a paused run can still be cancelled. */
    record Kill(Runnable action) implements Runnable {
        @Override
        public void run() {
            action.run();
        }
    }

    final Instant now;
    final List<Change> changes = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    Step(Instant now) {
        this.now = now;
    }

    void change(Change c) {
        changes.add(c);
    }

    void event(RunEvent e) {
        events.add(e);
    }

    /** Done once the step's changes are committed and its events published. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Ends processes after the commit, or at once when the store refuses it. */
    void kill(Runnable action) {
        afterCommit.add(new Kill(action));
    }
}
