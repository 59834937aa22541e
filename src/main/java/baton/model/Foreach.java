package baton.model;

import java.util.List;

/** Where a fan-out phase takes its items from (SPEC 1.4). */
public sealed interface Foreach {
    /** The most items (so jobs) one fan-out may have: past it the file or the run is refused with a reason. */
    int MAX_ITEMS = 100_000;

    record Literal(List<String> items) implements Foreach {}

    /** A run parameter holding a comma-separated list. */
    record Param(String name) implements Foreach {}

    /** An output {@code key} of upstream phase {@code phase}: a JSON array or a comma-separated value. */
    record Output(String phase, String key) implements Foreach {}
}
