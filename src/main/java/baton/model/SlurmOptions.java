package baton.model;

import java.util.List;

/**
 * A phase's {@code slurm:} block (or the pipeline's defaults for it): what the job asks of the
 * cluster. Each key becomes one sbatch option; {@code extra} are further sbatch options, passed as
 * given. Null parts are left to the cluster's defaults.
 */
public record SlurmOptions(String partition, Integer cpus, String mem, String time, String gres, String account, String qos,
                           List<String> extra) {
    public static final SlurmOptions NONE = new SlurmOptions(null, null, null, null, null, null, null, List.of());

    public SlurmOptions {
        extra = extra == null ? List.of() : List.copyOf(extra);
    }

    /** These options over {@code defaults}: a key given here wins; {@code extra} adds to the defaults' (sbatch takes the last). */
    public SlurmOptions over(SlurmOptions defaults) {
        if (defaults == null) return this;
        List<String> both = new java.util.ArrayList<>(defaults.extra);
        both.addAll(extra);
        return new SlurmOptions(partition != null ? partition : defaults.partition, cpus != null ? cpus : defaults.cpus,
                mem != null ? mem : defaults.mem, time != null ? time : defaults.time, gres != null ? gres : defaults.gres,
                account != null ? account : defaults.account, qos != null ? qos : defaults.qos, both);
    }
}
