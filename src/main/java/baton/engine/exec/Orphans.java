package baton.engine.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Ends what a job leaves behind outside its process group. A job runs as the leader of its own
 * session, so one signal to the group ends its ordinary children; a daemon that double-forks
 * into a session of its own escapes that. Baton is the "subreaper" of its descendants (Linux
 * prctl), so such a daemon is re-parented to Baton when its parent exits; a sweep over Baton's
 * children finds it, reads which attempt it came from (the job identity in its environment) and
 * ends it once that attempt's main process has ended. The sweep also reaps the children Baton
 * inherits this way, so none stays a zombie. Where none of this is available (not Linux), a
 * daemon that left the group can outlive its job: docs/security.md says so.
 *
 * <p>One per JVM: being a subreaper is a property of the process, and every engine in it (tests
 * open several) must see the others' job processes as live, not as strays.
 */
final class Orphans {

    private static final Path SELF_TASKS = Path.of("/proc/self/task");
    private static final long PERIOD_MS = 1000;
    private static final long SWEEP_AFTER_END_MS = 100;
    private static final Orphans SHARED = new Orphans(); // after the constants its constructor reads

    static Orphans shared() {
        return SHARED;
    }

    private final ScheduledExecutorService timers;
    private final boolean active;
    private final long mySession;
    /** Attempts whose main process is still running: their stray children are left alone until it ends. */
    private final Set<String> liveAttempts = ConcurrentHashMap.newKeySet();
    /** Main job processes, which their own pump reaps: the sweep never waits on them. */
    private final Set<Long> mainPids = ConcurrentHashMap.newKeySet();
    private final Set<Long> ending = ConcurrentHashMap.newKeySet();
    /** Spawning takes it shared, the sweep exclusive: a new main pid is registered before a sweep can see it. */
    private final ReentrantReadWriteLock spawnLock = new ReentrantReadWriteLock();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();

    private Orphans() {
        this.timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-orphans");
            t.setDaemon(true);
            return t;
        });
        this.active = Native.becomeSubreaper() && Files.isDirectory(SELF_TASKS);
        this.mySession = active ? sessionOf(Path.of("/proc/self")) : -1;
        if (active) timers.scheduleWithFixedDelay(this::sweepSafely, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    boolean active() {
        return active;
    }

    static String attemptKey(Map<String, String> env) {
        return env.get("BATON_INSTANCE") + "\u0000" + env.get("BATON_RUN_ID") + "\u0000" + env.get("BATON_JOB_ID")
                + "\u0000" + env.get("BATON_ATTEMPT");
    }

    /** Runs {@code spawn} (which returns the main pid) so that no sweep mistakes the new process for a stray. */
    <E extends Exception> long spawn(String attemptKey, SpawnAction<E> spawn) throws E {
        liveAttempts.add(attemptKey);
        spawnLock.readLock().lock();
        try {
            long pid = spawn.spawn();
            mainPids.add(pid);
            return pid;
        } catch (Exception e) {
            liveAttempts.remove(attemptKey);
            throw e;
        } finally {
            spawnLock.readLock().unlock();
        }
    }

    interface SpawnAction<E extends Exception> {
        long spawn() throws E;
    }

    /** The attempt's main process has ended (and been reaped): what it left behind is ended at the next sweep, soon. */
    void mainEnded(String attemptKey, long pid) {
        mainPids.remove(pid);
        if (liveAttempts.remove(attemptKey) && active && sweepQueued.compareAndSet(false, true)) {
            // jobs that end together share one sweep: a busy run ends hundreds a second
            timers.schedule(this::sweepSafely, SWEEP_AFTER_END_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweepSafely() {
        sweepQueued.set(false);
        try {
            sweep();
        } catch (RuntimeException e) {
            System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "sweeping for processes left by jobs failed", e);
        }
    }

    /** One look at Baton's children: reap the ended strays, end the live ones whose attempt is over. */
    void sweep() {
        if (!active) return;
        spawnLock.writeLock().lock();
        try {
            for (long pid : children()) {
                if (mainPids.contains(pid)) continue;
                Path proc = Path.of("/proc", Long.toString(pid));
                String stat = stat(proc);
                if (stat == null) continue;
                char state = stat.charAt(0);
                if (state == 'Z') {
                    // only strays of jobs (which live in sessions of their own): a child the JVM
                    // started itself shares Baton's session, and the JDK reaps it
                    if (sessionOf(stat) != mySession) {
                        Native.reapIfEnded(pid);
                        ending.remove(pid);
                    }
                    continue;
                }
                Map<String, String> id = JobProcesses.jobIdentity(proc);
                // a child of Baton that carries a job identity can only be a job's leftover
                if (id.get("BATON_INSTANCE") == null || liveAttempts.contains(attemptKey(id))) continue;
                if (ending.add(pid)) ProcessTree.terminate(pid, ProcessTree.GRACE, timers);
            }
        } finally {
            spawnLock.writeLock().unlock();
        }
    }

    private static List<Long> children() {
        List<Long> pids = new ArrayList<>();
        try (var tasks = Files.newDirectoryStream(SELF_TASKS)) {
            for (Path t : tasks) {
                String text;
                try {
                    text = Files.readString(t.resolve("children"), StandardCharsets.US_ASCII);
                } catch (java.io.IOException e) {
                    continue; // the thread ended meanwhile
                }
                for (String p : text.trim().split("\\s+")) if (!p.isEmpty()) pids.add(Long.parseLong(p));
            }
        } catch (java.io.IOException e) {
            // /proc/self/task was there when the sweeps began: nothing to sweep this time, and said why
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot list " + SELF_TASKS, e);
        }
        return pids;
    }

    /** The fields of /proc/PID/stat after the command name: "S ppid pgrp session ...". */
    private static String stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            return s.substring(s.lastIndexOf(')') + 2);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // gone meanwhile, or a stat line not shaped as Linux writes it: not a process to look at
        }
    }

    private static long sessionOf(String statTail) {
        String[] f = statTail.split(" ", 5);
        return f.length > 3 ? Long.parseLong(f[3]) : -1;
    }

    private static long sessionOf(Path proc) {
        String s = stat(proc);
        return s == null ? -1 : sessionOf(s);
    }
}
