package baton.engine;

import java.util.Map;
import java.util.Set;

/**
 * How to start a run. {@code params} override the pipeline's defaults; {@code enable} and
 * {@code disable} switch optional phases; {@code acceptConfirms} answers yes to every {@code confirm}.
 */
public record RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                         Integer concurrency, boolean acceptConfirms, String startedBy, Set<String> alreadyDone,
                         boolean autoApprove) {
    public RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                      Integer concurrency, boolean acceptConfirms, String startedBy, Set<String> alreadyDone) {
        this(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, false);
    }

    public RunOptions {
        params = params == null ? Map.of() : Map.copyOf(params);
        enable = enable == null ? Set.of() : Set.copyOf(enable);
        disable = disable == null ? Set.of() : Set.copyOf(disable);
        alreadyDone = alreadyDone == null ? Set.of() : Set.copyOf(alreadyDone);
    }

    public RunOptions(Map<String, String> params, Set<String> enable, Set<String> disable, String input,
                      Integer concurrency, boolean acceptConfirms, String startedBy) {
        this(params, enable, disable, input, concurrency, acceptConfirms, startedBy, Set.of());
    }

    /** Phases done in an earlier run (a roadmap's finished groups): skipped, and their dependents go on. */
    public RunOptions withAlreadyDone(Set<String> phases) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, phases, autoApprove);
    }

    public static RunOptions defaults() {
        return new RunOptions(Map.of(), Set.of(), Set.of(), null, null, false, System.getProperty("user.name"));
    }

    public RunOptions withInput(String path) {
        return new RunOptions(params, enable, disable, path, concurrency, acceptConfirms, startedBy, alreadyDone, autoApprove);
    }

    /** Approval checkpoints pass by themselves ({@code --yes-approvals}, for CI). */
    public RunOptions withAutoApprove(boolean yes) {
        return new RunOptions(params, enable, disable, input, concurrency, acceptConfirms, startedBy, alreadyDone, yes);
    }
}
