package baton.ui;

import baton.model.DurationText;
import baton.model.RunRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

/** A run as the history shows it: one value per column, and whether it holds what the filter asks for. */
public record RunSummaryRow(RunRecord run) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneId.systemDefault());

    public String status() {
        return run.status().wire();
    }

    public String pipeline() {
        return run.pipelineId();
    }

    public String runId() {
        return run.id().value();
    }

    public String started() {
        return run.startedAt() == null ? "" : WHEN.format(run.startedAt());
    }

    /** When it started (null: not known), what the history sorts its "Started" column by. */
    public Instant startedAt() {
        return run.startedAt();
    }

    /** How long it took (so far, while it runs), in milliseconds: what the history sorts its "Took" column by. */
    public long tookMillis() {
        if (run.startedAt() == null) return 0;
        return java.time.Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : Instant.now()).toMillis();
    }

    /** How long it took (so far, while it runs), in the one duration format of the window. */
    public String duration() {
        return run.startedAt() == null ? "" : DurationText.of(tookMillis());
    }

    /** The input file's name, if the run had one. */
    public String input() {
        return run.input() == null ? "" : Path.of(run.input()).getFileName().toString();
    }

    public String startedBy() {
        return run.startedBy() == null ? "" : run.startedBy();
    }

    public String title() {
        return pipeline() + "  ·  " + runId();
    }

    public String details() {
        String file = run.sourcePath() == null ? "" : Path.of(run.sourcePath()).getFileName().toString();
        return status() + "  ·  " + started() + "  ·  " + duration() + (run.startedBy() != null ? "  ·  " + run.startedBy() : "") + "  ·  " + file;
    }

    /** Whether any column holds {@code text} (ignoring case; blank: every row does). */
    public boolean matches(String text) {
        if (text == null || text.isBlank()) return true;
        String t = text.strip().toLowerCase(Locale.ROOT);
        return Stream.of(status(), pipeline(), runId(), started(), input(), startedBy()).anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(t));
    }
}
