package baton.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a pipeline definition. Optional parts are null when the file leaves them out.
 * {@code doneReason} is set when the file itself says the phase is already done (a checked
 * roadmap task): the run skips it with that reason and its dependents go on. {@code approve} is
 * the question of an approval checkpoint: the phase's jobs wait for a person before they run.
 * {@code executor} is the phase's own choice of what runs its jobs (null: the run's or the
 * pipeline's); {@code slurm} what its jobs ask of a Slurm cluster, the pipeline's defaults merged in.
 */
public record PhaseDef(
        String id,
        String name,
        String run,
        String cwd,
        Map<String, String> env,
        List<Need> needs,
        boolean optional,
        boolean enabled,
        String confirm,
        boolean fatal,
        Duration timeout,
        RetryPolicy retries,
        Foreach foreach,
        String contract,
        List<String> artifacts,
        String lane,
        HttpCall http,
        SourcePos pos,
        String doneReason,
        String approve,
        String executor,
        SlurmOptions slurm) {

    public PhaseDef {
        env = OrderedEnv.of(env);
        needs = needs == null ? List.of() : List.copyOf(needs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        if (retries == null) retries = RetryPolicy.NONE;
        if (pos == null) pos = SourcePos.NONE;
        if (slurm == null) slurm = SlurmOptions.NONE;
    }

    /** A phase without an executor of its own, with an approval checkpoint or not. */
    public PhaseDef(String id, String name, String run, String cwd, Map<String, String> env, List<Need> needs, boolean optional,
                    boolean enabled, String confirm, boolean fatal, Duration timeout, RetryPolicy retries, Foreach foreach,
                    String contract, List<String> artifacts, String lane, HttpCall http, SourcePos pos, String doneReason, String approve) {
        this(id, name, run, cwd, env, needs, optional, enabled, confirm, fatal, timeout, retries, foreach, contract, artifacts,
                lane, http, pos, doneReason, approve, null, null);
    }

    /** A phase to run (not marked done in its file), without an approval checkpoint. */
    public PhaseDef(String id, String name, String run, String cwd, Map<String, String> env, List<Need> needs, boolean optional,
                    boolean enabled, String confirm, boolean fatal, Duration timeout, RetryPolicy retries, Foreach foreach,
                    String contract, List<String> artifacts, String lane, HttpCall http, SourcePos pos) {
        this(id, name, run, cwd, env, needs, optional, enabled, confirm, fatal, timeout, retries, foreach, contract, artifacts,
                lane, http, pos, null, null);
    }

    /** A phase its file may mark done, without an approval checkpoint. */
    public PhaseDef(String id, String name, String run, String cwd, Map<String, String> env, List<Need> needs, boolean optional,
                    boolean enabled, String confirm, boolean fatal, Duration timeout, RetryPolicy retries, Foreach foreach,
                    String contract, List<String> artifacts, String lane, HttpCall http, SourcePos pos, String doneReason) {
        this(id, name, run, cwd, env, needs, optional, enabled, confirm, fatal, timeout, retries, foreach, contract, artifacts,
                lane, http, pos, doneReason, null);
    }

    /** The same phase under another id and with other needs (a spawned phase, once prefixed). */
    public PhaseDef renamed(String newId, List<Need> newNeeds) {
        return new PhaseDef(newId, name, run, cwd, env, newNeeds, optional, enabled, confirm, fatal, timeout, retries, foreach,
                contract, artifacts, lane, http, pos, doneReason, approve, executor, slurm);
    }

    public String displayName() {
        return name != null ? name : id;
    }

    public String laneOrId() {
        return lane != null ? lane : id;
    }
}
