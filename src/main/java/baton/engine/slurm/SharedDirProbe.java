package baton.engine.slurm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Checks, once per folder of runs, that a job on the cluster sees Baton's run folders at the same
 * path: a tiny job writes a file there, and Baton must find it. Without this a run would fail
 * job by job with output files Slurm could not open; with it, the first job says why, plainly.
 */
final class SharedDirProbe {
    private final SlurmClient client;
    private final Duration poll;
    private final Duration patience;
    private Path checked;

    /** A cluster that has just (re)started, or is busy, may take a while to start even a one-line job: the check waits at least this long. */
    static final Duration AT_LEAST = Duration.ofSeconds(30);

    SharedDirProbe(SlurmClient client, Duration poll, Duration patience) {
        this.client = client;
        this.poll = poll;
        this.patience = patience.compareTo(AT_LEAST) < 0 ? AT_LEAST : patience;
    }

    /** Null when jobs see {@code runDir}'s parent (the folder of every run); else why not, and what to do. */
    synchronized String check(Path runDir) {
        Path runs = runDir.getParent();
        if (runs.equals(checked)) return null;
        Path mark = runDir.resolve(".slurm-probe");
        try {
            Files.deleteIfExists(mark);
        } catch (java.io.IOException e) {
            return "cannot prepare the shared-folder check in " + runDir + ": " + e.getMessage();
        }
        SlurmClient.Result r = client.run(List.of("sbatch", "--parsable", "--job-name=baton:probe", "--output=/dev/null", "--error=/dev/null",
                "--chdir=/", "--no-requeue", "--wrap", "test -d " + SbatchLine.quote(runDir.toString()) + " && hostname > "
                        + SbatchLine.quote(mark.toString())), null);
        if (!r.ok()) {
            return (r.unreachable() ? "cannot reach slurmctld (" : "sbatch refused even a trivial job (") + r.why() + ")" + SlurmSettings.hint(r.why());
        }
        String id = r.out().strip().split(";")[0].strip();
        Instant until = Instant.now().plus(patience);
        while (Instant.now().isBefore(until)) {
            if (Files.exists(mark)) {
                checked = runs;
                return null;
            }
            SlurmClient.Result q = client.run(List.of("squeue", "-h", "-t", "all", "-j", id, "-O", QueueState.FORMAT));
            QueueState.Job j = q.ok() ? QueueState.parse(q.out()).jobs().get(id) : null;
            if (j != null && j.ended()) {
                // give a shared file system a moment to show the file (attribute caches)
                for (int i = 0; i < 20 && !Files.exists(mark); i++) sleep(Duration.ofMillis(250));
                if (Files.exists(mark)) {
                    checked = runs;
                    return null;
                }
                return "the run folder " + runDir + " is not visible at the same path on the Slurm node " + j.node()
                        + ": Baton's data directory must be on a file system the cluster shares (see docs/executors.md)";
            }
            sleep(poll);
        }
        client.run(List.of("scancel", id));
        return "a check job (Slurm job " + id + ") did not run within " + patience.toSeconds()
                + "s: the cluster cannot start jobs now, or Baton's run folder is not shared with it";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
