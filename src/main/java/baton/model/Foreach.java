package baton.model;

import java.util.List;

/** Where a fan-out phase takes its items from (SPEC 1.4). */
public sealed interface Foreach {
    record Literal(List<String> items) implements Foreach {}

    /** A run parameter holding a comma-separated list. */
    record Param(String name) implements Foreach {}

    /** An output {@code key} of upstream phase {@code phase}: a JSON array or a comma-separated value. */
    record Output(String phase, String key) implements Foreach {}
}
