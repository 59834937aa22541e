package baton.engine.slurm;

import baton.model.SlurmOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sbatch command line of one attempt: where its output goes (its own files in the attempt's
 * folder, copied into Baton's log as they grow), where it runs, the comment by which a later Baton
 * finds it, and one option per key of the phase's {@code slurm:} block, then its {@code extra}
 * options as given. The job's environment travels whole in a file ({@code --export-file}), not
 * in sbatch's own environment: a process of Baton's that carries a job's identity is taken for
 * that job's leftover and ended (Orphans), and a slow sbatch (a controller that does not answer)
 * must not be.
 */
public final class SbatchLine {
    private SbatchLine() {}

    public static List<String> of(SlurmOptions o, String jobName, String comment, Path cwd, Path out, Path err, Path envFile, Path script) {
        List<String> line = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + jobName, "--comment=" + comment,
                "--chdir=" + cwd, "--output=" + pattern(out), "--error=" + pattern(err), "--export=ALL", "--export-file=" + envFile,
                // a node failure or a preemption fails the attempt, and Baton's retry policy decides: Slurm must not run it twice
                "--no-requeue"));
        line.addAll(options(o));
        line.add(script.toString());
        return line;
    }

    /**
     * A path as sbatch's --output takes it: a filename pattern, where % starts a field (%j, %5a),
     * so the '%' of an attempt folder's escaped job id ("each%5B3%5D") is written %%.
     */
    static String pattern(Path p) {
        return p.toString().replace("%", "%%");
    }

    /** What each key of a {@code slurm:} block becomes (docs/executors.md lists the same). */
    public static List<String> options(SlurmOptions o) {
        List<String> line = new ArrayList<>();
        if (o.partition() != null) line.add("--partition=" + o.partition());
        if (o.cpus() != null) line.add("--cpus-per-task=" + o.cpus());
        if (o.mem() != null) line.add("--mem=" + o.mem());
        if (o.time() != null) line.add("--time=" + o.time());
        if (o.gres() != null) line.add("--gres=" + o.gres());
        if (o.account() != null) line.add("--account=" + o.account());
        if (o.qos() != null) line.add("--qos=" + o.qos());
        line.addAll(o.extra());
        return line;
    }

    /**
     * The batch script: the phase's command through {@code sh -c}, as a local job runs it, then
     * its exit status written beside its output, so the outcome of a job Slurm has forgotten (or
     * that ended while Baton was down) can still be told.
     */
    public static String script(String command, Path exitFile, String who) {
        return "#!/bin/sh\n"
                + "# " + who.replace('\n', ' ') + "\n"
                + "/bin/sh -c " + quote(command) + "\n"
                + "code=$?\n"
                + "echo \"$code\" > " + quote(exitFile + ".part") + " && mv -f " + quote(exitFile + ".part") + " " + quote(exitFile.toString()) + "\n"
                + "exit \"$code\"\n";
    }

    /** A word for sh: single-quoted, with its own single quotes closed, escaped and reopened. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
