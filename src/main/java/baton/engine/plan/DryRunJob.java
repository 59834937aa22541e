package baton.engine.plan;

import baton.model.HttpCall;
import baton.model.Need;

import java.util.List;
import java.util.Map;

/**
 * One job of a {@link DryRun}: what it needs, whether it runs and why not, and what it would be
 * given. {@code run} is the command exactly as the job gets it (Baton never substitutes text into
 * it); {@code env} is what the files and options add to the job's environment (params, the
 * pipeline's and phase's {@code env}, {@code BATON_INPUT}, {@code BATON_ITEM}/{@code BATON_INDEX}).
 * A fan-out whose items are not known before the run is one row with id {@code phase[*]} and
 * {@code fanOut} saying what it loops over.
 *
 * @param outputsFrom the earlier run whose outputs this job carries (phases before --from/--only), or null
 */
public record DryRunJob(String id, String phase, String name, List<Need> needs, State state, String stateText, String reason,
                        String outputsFrom, String run, HttpCall http, String cwd, Map<String, String> env, String item,
                        Integer index, String fanOut) {

    /** A job's state in the plan. */
    public enum State {
        WILL_RUN, SWITCHED_OFF, DONE_EARLIER, SKIPPED_FROM, NOT_SELECTED;

        /** The name in JSON: {@code will_run}, {@code switched_off}, {@code done_earlier}, {@code skipped_from}, {@code not_selected}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DryRunJob {
        needs = List.copyOf(needs);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
