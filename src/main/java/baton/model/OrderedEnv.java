package baton.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An {@code env:} block as written: unmodifiable, in the file's order (what 'plan' and the window show is read against the file). */
final class OrderedEnv {
    private OrderedEnv() {}

    static Map<String, String> of(Map<String, String> env) {
        if (env == null || env.isEmpty()) return Map.of();
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "an env name"), Objects.requireNonNull(v, "the value of env " + k)));
        return Collections.unmodifiableMap(copy);
    }
}
