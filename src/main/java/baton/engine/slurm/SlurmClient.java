package baton.engine.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the Slurm client commands (sbatch, squeue, scancel) and counts them, so the load Baton
 * puts on slurmctld can be measured. Each call has a time limit: a controller that hangs must
 * not hang a run.
 */
public final class SlurmClient {
    /** What a command said: its exit code (-1: it could not run or took too long), stdout, stderr. */
    public record Result(int code, String out, String err) {
        public boolean ok() {
            return code == 0;
        }

        /** The first line of what went wrong, for a job's message. */
        public String why() {
            String text = err.isBlank() ? out : err;
            return text.isBlank() ? "exit code " + code : text.strip().lines().filter(l -> !l.isBlank()).reduce((a, b) -> a + "; " + b).orElse("");
        }

        /**
         * Whether the failure says the controller could not be reached (down, restarting, a slow
         * network): worth trying again later, unlike a job sbatch rejects.
         */
        public boolean unreachable() {
            String t = (err + " " + out).toLowerCase(java.util.Locale.ROOT);
            return code == -1 || t.contains("unable to contact slurm controller") || t.contains("connection refused")
                    || t.contains("socket timed out") || t.contains("zero bytes were transmitted") || t.contains("slurm_load_jobs error: unable")
                    || t.contains("communication connection failure") || t.contains("unable to establish")
                    || t.contains("slurmctld") && t.contains("not responding");
        }
    }

    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
    /** Every Slurm command any client of this JVM ran, by command name: what the benchmark reports as Baton's load on slurmctld. */
    private static final Map<String, AtomicLong> ALL_CALLS = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, String> env;

    /** {@code env}: the environment the commands run in (Baton's own: PATH, SLURM_CONF). */
    public SlurmClient(Map<String, String> env) {
        this.env = Map.copyOf(SlurmSettings.clientEnvironment(env));
    }

    /** How many Slurm commands this client has run. */
    public long calls() {
        return calls.get();
    }

    /** How many times each Slurm command was run in this JVM ("sbatch" → 200, "squeue" → 31). */
    public static Map<String, Long> callsByCommand() {
        Map<String, Long> out = new java.util.TreeMap<>();
        ALL_CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public Result run(List<String> command) {
        return run(command, env, null);
    }

    /** Runs {@code command} in Baton's environment (without job identities), in {@code cwd}. */
    public Result run(List<String> command, Path cwd) {
        return run(command, env, cwd);
    }

    /** Runs {@code command} with {@code environment} (the job's, for sbatch) in {@code cwd} (null: Baton's). */
    public Result run(List<String> command, Map<String, String> environment, Path cwd) {
        calls.incrementAndGet();
        ALL_CALLS.computeIfAbsent(command.getFirst(), k -> new AtomicLong()).incrementAndGet();
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command.getFirst() + ": " + e.getMessage()
                    + " (is the Slurm client installed and on Baton's PATH?)");
        }
        try {
            byte[][] both = new byte[2][];
            Thread o = Thread.ofVirtual().start(() -> both[0] = readAll(p.getInputStream()));
            Thread e = Thread.ofVirtual().start(() -> both[1] = readAll(p.getErrorStream()));
            if (!p.waitFor(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", command.getFirst() + " did not answer within " + CALL_LIMIT.toSeconds() + "s");
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), new String(both[0], StandardCharsets.UTF_8), new String(both[1], StandardCharsets.UTF_8));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "", "interrupted");
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0]; // the process is gone
        }
    }
}
