package baton.ui;

import baton.model.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A run as the history list shows it. */
public record RunSummaryRow(RunRecord run) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneId.systemDefault());

    public String title() {
        return run.pipelineId() + "  ·  " + run.id();
    }

    public String details() {
        Instant end = run.endedAt() != null ? run.endedAt() : Instant.now();
        long s = Duration.between(run.startedAt(), end).toSeconds();
        String took = s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        String file = run.sourcePath() == null ? "" : java.nio.file.Path.of(run.sourcePath()).getFileName().toString();
        return run.status().wire() + "  ·  " + WHEN.format(run.startedAt()) + "  ·  " + took
                + (run.startedBy() != null ? "  ·  " + run.startedBy() : "") + "  ·  " + file;
    }
}
