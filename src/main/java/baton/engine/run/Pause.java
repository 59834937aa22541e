package baton.engine.run;

import baton.engine.RunEvent;
import baton.model.RunId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Whether a run is paused, and why: the store refused a commit (a full disk, a store that closed
 * itself), or the disk is nearly full. A paused run starts no job; what happens meanwhile is
 * decided as usual but kept by the coordinator until the store takes it, and nothing of it is
 * published or acted on before that, so "committed before published" holds while paused. Going
 * into and out of a pause is told to the listeners at once: it is about the store, so it cannot
 * wait for a commit.
 */
final class Pause {
    /** How often a paused run looks again whether it can go on. */
    static final Duration CHECK = Duration.ofSeconds(1);

    private final RunId runId;
    private final RunContext ctx;
    private final Consumer<List<RunEvent>> tell;
    private final Runnable checkDue;
    private String because;
    private volatile boolean checkScheduled;

    /** {@code tell} publishes to the run's listeners; {@code checkDue} asks the coordinator to look again. */
    Pause(RunId runId, RunContext ctx, Consumer<List<RunEvent>> tell, Runnable checkDue) {
        this.runId = runId;
        this.ctx = ctx;
        this.tell = tell;
        this.checkDue = checkDue;
    }

    boolean paused() {
        return because != null;
    }

    boolean diskNearlyFull() {
        return ctx.usableSpace() < ctx.diskReserve();
    }

    /** Starting a job when the disk is nearly full would only fail it (or the store): pause instead. */
    boolean roomToStart(boolean anyWaiting) {
        if (!anyWaiting || !diskNearlyFull()) return true;
        pause("only " + (ctx.usableSpace() >> 20) + " MB left on the disk that holds " + ctx.dataDir()
                + " (Baton keeps " + (ctx.diskReserve() >> 20) + " MB free, BATON_DISK_RESERVE): no job starts until there is room; "
                + "free some space, or cancel the run");
        return false;
    }

    void pause(String why) {
        if (because == null || !because.equals(why)) {
            because = why;
            tell.accept(List.of(new RunEvent.RunNote(runId, Instant.now(), "paused: " + why)));
        }
        scheduleCheck();
    }

    void scheduleCheck() {
        if (!checkScheduled) {
            checkScheduled = true;
            ctx.timers().schedule(() -> {
                checkScheduled = false;
                checkDue.run();
            }, CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void goOn() {
        because = null;
        tell.accept(List.of(new RunEvent.RunNote(runId, Instant.now(), "the run goes on: the database and the disk take writes again")));
    }
}
