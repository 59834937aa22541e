package baton.ui;

import baton.model.RunRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The line over the timeline about the run shown: who started it, on what input, with which parameters and phases switched on, and whether it is live. */
final class RunHeader {
    private RunHeader() {}

    static String describe(RunRecord run, boolean live) {
        if (run == null) return "";
        List<String> parts = new ArrayList<>();
        // the record of a run that just ended is read again: until then it still says running
        String status = !live && run.status() == baton.model.RunStatus.RUNNING ? "ending" : run.status().wire();
        parts.add(run.pipelineId() + "  " + run.id() + "  (" + status + ")");
        if (run.startedBy() != null) parts.add("started by " + run.startedBy());
        if (run.input() != null) parts.add("input " + Path.of(run.input()).getFileName());
        if (!run.params().isEmpty()) parts.add("params " + String.join(", ", run.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        List<String> on = run.switches().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
        if (!on.isEmpty()) parts.add("switched on: " + String.join(", ", on));
        parts.add(live ? "live" : "read-only: Retry or Resume makes it live again");
        return String.join("   ·   ", parts);
    }
}
