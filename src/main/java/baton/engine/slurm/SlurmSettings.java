package baton.engine.slurm;

import baton.format.Durations;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The few settings of the Slurm executor read from Baton's environment, and what a submission's environment is. */
final class SlurmSettings {
    private SlurmSettings() {}

    static Duration duration(String text, Duration fallback) {
        if (text == null || text.isBlank()) return fallback;
        Duration d = Durations.parse(text.strip()).orElse(null);
        if (d == null || d.isZero() || d.isNegative()) {
            System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "ignoring the setting '" + text + "': not a duration such as 500ms or 2m");
            return fallback;
        }
        return d;
    }

    /**
     * The environment sbatch runs with, and so (--export=ALL) the job's: the job's own, without
     * the SLURM_* variables of an allocation Baton itself may run inside (they would tie the job
     * to that allocation), but with SLURM_CONF, which says where the cluster is.
     */
    static Map<String, String> jobEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (!k.startsWith("SLURM_") || k.equals("SLURM_CONF")) out.put(k, v);
        });
        return out;
    }

    /** The environment the Slurm commands themselves run in: Baton's, without any job identity (see {@link SbatchLine}). */
    static Map<String, String> clientEnvironment(Map<String, String> env) {
        Map<String, String> out = jobEnvironment(env);
        out.keySet().removeIf(k -> k.startsWith("BATON_"));
        return out;
    }

    /** {@code env} as sbatch's --export-file reads it: NAME=value entries separated by NUL (values may hold newlines). */
    static byte[] exportFile(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        jobEnvironment(env).forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What to do about a refusal sbatch is known to give. */
    static String hint(String why) {
        String t = why.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("invalid partition")) return ": check slurm.partition against the partitions 'sinfo -s' lists";
        if (t.contains("invalid account")) return ": check slurm.account ('sacctmgr show assoc user=$USER')";
        if (t.contains("invalid qos")) return ": check slurm.qos";
        if (t.contains("invalid generic resource") || t.contains("gres")) return ": check slurm.gres against what the nodes have ('sinfo -o %G')";
        if (t.contains("memory") || t.contains("node configuration is not available")) {
            return ": no node of that partition has what slurm.cpus / slurm.mem / slurm.gres ask for";
        }
        if (t.contains("time limit")) return ": slurm.time is over the partition's limit";
        if (t.contains("unrecognized option") || t.contains("invalid option")) return ": an option in slurm.extra is not one sbatch knows";
        if (t.contains("unable to contact")) return ": is slurmctld running, and is this machine a submit host of the cluster?";
        return "";
    }
}
