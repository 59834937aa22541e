package baton.engine.executor;

/**
 * What an executor gave back for one attempt, as the attempt stores it: the executor's name and
 * its own id of the job (a pid, a callback token, a Slurm job id). Recovery finds an attempt of a
 * dead Baton through this, not through a pid.
 */
public record Handle(String executor, String id) {
    public Handle {
        if (executor == null || executor.isBlank() || executor.contains(":")) throw new IllegalArgumentException("bad executor name: " + executor);
        if (id == null) throw new IllegalArgumentException("a handle needs an id");
    }

    /** "slurm:4711", the stored form. */
    public String stored() {
        return executor + ":" + id;
    }

    /** A stored handle read back, or null for an attempt that has none (stored before executors had handles, or never started). */
    public static Handle parse(String stored) {
        if (stored == null) return null;
        int colon = stored.indexOf(':');
        if (colon <= 0) return null;
        return new Handle(stored.substring(0, colon), stored.substring(colon + 1));
    }

    @Override
    public String toString() {
        return stored();
    }
}
