package baton.engine;

import baton.model.PipelineDef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a run. {@code params} override the pipeline's defaults; {@code enable} and
 * {@code disable} switch optional phases; {@code acceptConfirms} answers yes to every {@code confirm};
 * {@code alreadyDone} are phases skipped as done before (a roadmap's finished groups);
 * {@code from} runs that phase and all after it, {@code only} just the phases named, both taking
 * what those need from the latest earlier run where it succeeded; {@code autoApprove} lets
 * approval checkpoints pass by themselves ({@code --yes-approvals}); {@code executor} runs the jobs of
 * phases that do not choose their own ({@code --executor}; null: the pipeline's choice, else local).
 */
public record RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                         Integer concurrency, boolean acceptConfirms, String startedBy, Set<String> alreadyDone,
                         String from, List<String> only, boolean autoApprove, String executor) {
    /** What {@code --executor} may name. */
    public static final List<String> EXECUTORS = List.of("local", "slurm");

    public RunOptions {
        params = params == null ? Map.of() : Map.copyOf(params);
        enable = enable == null ? Set.of() : Set.copyOf(enable);
        disable = disable == null ? Set.of() : Set.copyOf(disable);
        alreadyDone = alreadyDone == null ? Set.of() : Set.copyOf(alreadyDone);
        only = only == null ? List.of() : List.copyOf(new LinkedHashSet<>(only));
    }

    public RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                      Integer concurrency, boolean acceptConfirms, String startedBy, Set<String> alreadyDone,
                      String from, List<String> only, boolean autoApprove) {
        this(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, from, only, autoApprove, null);
    }

    /** The jobs of phases that do not choose their executor run on {@code name} (null: the pipeline's choice). */
    public RunOptions withExecutor(String name) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, from, only, autoApprove, name);
    }

    public RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                      Integer concurrency, boolean acceptConfirms, String startedBy, Set<String> alreadyDone) {
        this(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, null, List.of(), false);
    }

    public RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                      Integer concurrency, boolean acceptConfirms, String startedBy) {
        this(params, enable, disable, input, concurrency, acceptConfirms, startedBy, Set.of());
    }

    /** Phases done in an earlier run (a roadmap's finished groups): skipped, and their dependents go on. */
    public RunOptions withAlreadyDone(Set<String> phases) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, phases, from, only, autoApprove, executor);
    }

    /** Runs {@code from} and everything after it (null: from the start), or only the phases in {@code only} (empty: all). */
    public RunOptions withSelection(String from, Collection<String> only) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, from,
                only == null ? List.of() : new ArrayList<>(only), autoApprove, executor);
    }

    /**
     * How many jobs of a run of {@code def} may run at once: this option, else the pipeline's,
     * else the number of cores. The one place of that default and of its lower bound.
     */
    public int concurrencyFor(PipelineDef def) throws RunRefused {
        int c = concurrency != null ? concurrency : def.concurrency() != null ? def.concurrency() : Runtime.getRuntime().availableProcessors();
        if (c < 1) throw new RunRefused("--concurrency must be at least 1");
        return c;
    }

    /** Whether --from or --only narrows the run. */
    public boolean selects() {
        return from != null || !only.isEmpty();
    }

    /** Approval checkpoints pass by themselves ({@code --yes-approvals}, for CI). */
    public RunOptions withAutoApprove(boolean yes) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, from, only, yes, executor);
    }

    public static RunOptions defaults() {
        return new RunOptions(Map.of(), Set.of(), Set.of(), null, null, false, System.getProperty("user.name"));
    }

    public RunOptions withInput(String path) {
        return new RunOptions(params, enable, disable, path, concurrency, acceptConfirms, startedBy, alreadyDone, from, only, autoApprove, executor);
    }
}
