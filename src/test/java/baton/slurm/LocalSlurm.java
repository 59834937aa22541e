package baton.slurm;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The single-node Slurm of scripts/slurm-up.sh, for the tests tagged "slurm": brought up once per
 * test class when the tests run as root (it starts munged, slurmctld and slurmd), and torn down
 * after unless it was already up. Not root: the tests are skipped, and the reason printed.
 */
public final class LocalSlurm {
    private static final Path SCRIPTS = Path.of("scripts").toAbsolutePath();
    private boolean startedHere;

    public static LocalSlurm up() throws Exception {
        String who = run(List.of("id", "-u")).strip();
        if (!who.equals("0")) {
            String why = "Slurm tests skipped: they bring up a local Slurm (munged, slurmctld, slurmd), which needs root; run the tests as root";
            System.err.println(why);
            Assumptions.abort(why);
        }
        LocalSlurm s = new LocalSlurm();
        boolean already = ping();
        if (!already) {
            Process p = new ProcessBuilder(SCRIPTS.resolve("slurm-up.sh").toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("scripts/slurm-up.sh failed (exit " + p.exitValue() + "): see its output above");
            }
            s.startedHere = true;
        }
        return s;
    }

    /**
     * Brings the cluster up before a test class and down after it: {@code @ExtendWith(LocalSlurm.AroundClass.class)}
     * on the class (with {@code @Tag("slurm")}).
     */
    public static final class AroundClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback {
        private static final org.junit.jupiter.api.extension.ExtensionContext.Namespace HERE =
                org.junit.jupiter.api.extension.ExtensionContext.Namespace.create(LocalSlurm.class);

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            context.getStore(HERE).put("slurm", up());
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            LocalSlurm slurm = context.getStore(HERE).remove("slurm", LocalSlurm.class);
            if (slurm != null) slurm.down();
        }
    }

    public void down() throws Exception {
        if (!startedHere || "1".equals(System.getenv("BATON_SLURM_KEEP"))) return;
        new ProcessBuilder(SCRIPTS.resolve("slurm-down.sh").toString()).inheritIO().start().waitFor(1, TimeUnit.MINUTES);
    }

    private static boolean ping() {
        try {
            return run(List.of("scontrol", "ping")).contains("is UP");
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops slurmctld (slurmd and the jobs go on), as a controller that crashed or is being restarted; {@link #up} brings it back. */
    static void stopController() throws Exception {
        String pid = Files.readString(Path.of(System.getenv().getOrDefault("BATON_SLURM_DIR", "/tmp/baton-slurm"), "slurmctld.launcher.pid")).strip();
        run(List.of("kill", pid));
        // gone means the process has exited (it saves its state first), not just stopped answering
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running(pid) && System.nanoTime() < until) Thread.sleep(100);
        if (ping()) throw new AssertionError("slurmctld did not stop");
    }

    /** Alive and not a zombie (the test JVM, a subreaper, inherits the daemons and does not reap them). */
    private static boolean running(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Slurm's own view of a job: its state as squeue gives it (e.g. CANCELLED, COMPLETED). */
    static String state(String jobId) throws IOException, InterruptedException {
        return run(List.of("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T")).strip();
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    static String course() throws IOException {
        return Files.readString(Path.of("examples/course/course.baton.yaml"));
    }
}
