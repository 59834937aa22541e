package baton.engine.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a job's processes. Each job runs as the leader of its own session and process group,
 * so one signal reaches every child; children that left the group (setsid) are found by
 * walking the process tree first. SIGTERM, then SIGKILL after the grace period.
 */
public final class ProcessTree {
    public static final Duration GRACE = Duration.ofSeconds(5);

    private ProcessTree() {}

    public static void terminate(long pid, Duration grace, ScheduledExecutorService timers) {
        List<ProcessHandle> tree = snapshot(pid);
        signal(pid, tree, Native.SIGTERM);
        Runnable kill = () -> {
            List<ProcessHandle> now = snapshot(pid);
            now.addAll(tree);
            signal(pid, now, Native.SIGKILL);
        };
        try {
            timers.schedule(kill, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the engine is closing and keeps no timer for the grace period: no job may outlive it
            kill.run();
        }
    }

    /** Kills what is left of a job's group once its main process has ended (no process outlives its job). */
    public static void reapLeftovers(long pid, Duration grace, ScheduledExecutorService timers) {
        if (Native.groupAlive(pid)) terminate(pid, grace, timers);
    }

    private static List<ProcessHandle> snapshot(long pid) {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            all.add(p);
            p.descendants().forEach(all::add);
        });
        return all;
    }

    private static void signal(long pgid, List<ProcessHandle> tree, int signal) {
        if (Native.available()) {
            Native.killGroup(pgid, signal);
            for (ProcessHandle p : tree) Native.kill(p.pid(), signal);
        } else {
            for (ProcessHandle p : tree) {
                if (signal == Native.SIGKILL) p.destroyForcibly(); else p.destroy();
            }
        }
    }
}
