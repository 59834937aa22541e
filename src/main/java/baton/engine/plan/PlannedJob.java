package baton.engine.plan;

/** A job of a run as the engine knows it: which phase it belongs to and, for fan-out, which item. */
public record PlannedJob(String id, String phaseId, String item, Integer index, int seq) {
    public static String idOf(String phaseId, Integer index) {
        return index == null ? phaseId : phaseId + "[" + index + "]";
    }
}
