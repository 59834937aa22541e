package baton.engine.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and ends the processes of a run by the identity every job process inherits:
 * {@code BATON_INSTANCE} (the data directory) and {@code BATON_RUN_ID}, and only among processes
 * of this user. This is how recovery reaches jobs whose Baton died, including children that left
 * the job's process group.
 */
public final class JobProcesses {
    /** How often a wait for processes to go looks again. */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration AFTER_KILL = Duration.ofSeconds(3);
    private static final Path PROC = Path.of("/proc");
    private static final Integer MY_UID = uidOf(PROC.resolve("self"));

    private JobProcesses() {}

    /** Pids of this user's processes whose environment names this instance and run (and job, and attempt, when given). */
    static List<Long> find(String instance, String runId, String jobId, Integer attempt) {
        return find(instance, runId, jobId, attempt, id -> false);
    }

    /** As {@link #find(String, String, String, Integer)}, leaving out the processes whose identity {@code spare} accepts. */
    static List<Long> find(String instance, String runId, String jobId, Integer attempt, java.util.function.Predicate<java.util.Map<String, String>> spare) {
        List<Long> pids = new ArrayList<>();
        if (MY_UID == null) return pids;
        java.util.Map<String, String> wanted = new java.util.HashMap<>(java.util.Map.of("BATON_INSTANCE", instance, "BATON_RUN_ID", runId));
        if (jobId != null) wanted.put("BATON_JOB_ID", jobId);
        if (attempt != null) wanted.put("BATON_ATTEMPT", attempt.toString());
        long self = ProcessHandle.current().pid();
        try (var dirs = Files.newDirectoryStream(PROC, d -> isPid(d.getFileName().toString()))) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (pid == self || !MY_UID.equals(uidOf(d))) continue;
                java.util.Map<String, String> identity = jobIdentity(d);
                if (identity.entrySet().containsAll(wanted.entrySet()) && !spare.test(identity)) pids.add(pid);
            }
        } catch (java.io.IOException e) {
            // no /proc (not Linux): nothing can be found this way; ProcessTree still ends the groups it knows
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot list " + PROC, e);
        }
        return pids;
    }

    /** The BATON_* variables of a process's environment (its job identity among them); empty when it is gone or a zombie. */
    static java.util.Map<String, String> jobIdentity(Path procDir) {
        java.util.Map<String, String> id = new java.util.HashMap<>();
        byte[] env;
        try {
            env = Files.readAllBytes(procDir.resolve("environ"));
        } catch (java.io.IOException | SecurityException e) {
            return id; // gone meanwhile, or a zombie
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start > 6 && env[start] == 'B') {
                    String entry = new String(env, start, i - start, StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (entry.startsWith("BATON_") && eq > 0) id.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
                start = i + 1;
            }
        }
        return id;
    }

    /**
     * Ends every process of the run: SIGTERM (to each and to the group it leads), then SIGKILL to
     * what is left after {@code grace}, then waits until none can be found. Returns the pids still
     * alive at the end (empty: the run's processes are verified gone).
     */
    public static List<Long> endAndVerify(String instance, String runId, Duration grace) {
        return endAndVerify(instance, runId, grace, id -> false);
    }

    /**
     * As {@link #endAndVerify(String, String, Duration)}, sparing the processes whose identity
     * {@code spare} accepts: those of attempts that another executor runs (a Slurm job whose node
     * is this machine carries the same identity, and is that executor's to end or to follow).
     */
    public static List<Long> endAndVerify(String instance, String runId, Duration grace, java.util.function.Predicate<java.util.Map<String, String>> spare) {
        List<Long> pids = find(instance, runId, null, null, spare);
        if (pids.isEmpty()) return pids;
        signal(pids, Native.SIGTERM);
        long termUntil = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < termUntil) {
            pids = find(instance, runId, null, null, spare);
            if (pids.isEmpty()) return pids;
            signal(pids, Native.SIGTERM); // children forked since inherit the identity: they get it too
            sleep();
        }
        long killUntil = System.nanoTime() + AFTER_KILL.toNanos();
        while (true) {
            pids = find(instance, runId, null, null, spare);
            if (pids.isEmpty() || System.nanoTime() > killUntil) return pids;
            signal(pids, Native.SIGKILL);
            sleep();
        }
    }

    private static void signal(List<Long> pids, int signal) {
        for (long pid : pids) {
            Native.killGroup(pid, signal);
            Native.kill(pid, signal);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return false;
        return true;
    }

    static Integer uidOf(Path procDir) {
        try {
            return (Integer) Files.getAttribute(procDir, "unix:uid");
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // gone, or no unix attributes on this platform
        }
    }
}
