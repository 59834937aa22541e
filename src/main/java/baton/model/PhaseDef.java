package baton.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One node of a pipeline definition. Optional parts are null when the file leaves them out. */
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
        SourcePos pos) {

    public PhaseDef {
        env = env == null ? Map.of() : Map.copyOf(env);
        needs = needs == null ? List.of() : List.copyOf(needs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        if (retries == null) retries = RetryPolicy.NONE;
        if (pos == null) pos = SourcePos.NONE;
    }

    /** The same phase under another id and with other needs (a spawned phase, once prefixed). */
    public PhaseDef renamed(String newId, List<Need> newNeeds) {
        return new PhaseDef(newId, name, run, cwd, env, newNeeds, optional, enabled, confirm, fatal, timeout, retries, foreach,
                contract, artifacts, lane, http, pos);
    }

    public String displayName() {
        return name != null ? name : id;
    }

    public String laneOrId() {
        return lane != null ? lane : id;
    }

    /** A compact builder for code and tests that make phases without a file. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    public static final class Builder {
        private final String id;
        private String name, run, cwd, confirm, contract, lane;
        private Map<String, String> env = Map.of();
        private List<Need> needs = List.of();
        private boolean optional, enabled, fatal = true;
        private Duration timeout;
        private RetryPolicy retries = RetryPolicy.NONE;
        private Foreach foreach;
        private List<String> artifacts = List.of();
        private HttpCall http;

        private Builder(String id) { this.id = id; }

        public Builder name(String v) { name = v; return this; }
        public Builder run(String v) { run = v; return this; }
        public Builder cwd(String v) { cwd = v; return this; }
        public Builder env(Map<String, String> v) { env = v; return this; }
        public Builder needs(String... phases) {
            needs = java.util.Arrays.stream(phases).map(Need::success).toList();
            return this;
        }
        public Builder needs(List<Need> v) { needs = v; return this; }
        public Builder optional(boolean v) { optional = v; return this; }
        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder confirm(String v) { confirm = v; return this; }
        public Builder fatal(boolean v) { fatal = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder retries(RetryPolicy v) { retries = v; return this; }
        public Builder foreach(Foreach v) { foreach = v; return this; }
        public Builder contract(String v) { contract = v; return this; }
        public Builder artifacts(List<String> v) { artifacts = v; return this; }
        public Builder lane(String v) { lane = v; return this; }
        public Builder http(HttpCall v) { http = v; return this; }

        public PhaseDef build() {
            return new PhaseDef(id, name, run, cwd, env, needs, optional, enabled, confirm, fatal,
                    timeout, retries, foreach, contract, artifacts, lane, http, SourcePos.NONE);
        }
    }
}
