package baton.ui.gantt.impl;

import baton.model.DurationText;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The tooltip that follows the pointer over the rows: the job, its state, and the span under the pointer with its times. */
final class GanttTooltip {
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final double OFFSET = 14;

    private final GanttChart chart;
    private final Node anchor;
    private final Tooltip tooltip = new Tooltip();
    /** The job and span told now: the text changes only when the pointer reaches another. */
    private String shown;

    GanttTooltip(GanttChart chart, Node anchor) {
        this.chart = chart;
        this.anchor = anchor;
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setHideDelay(Duration.millis(100));
    }

    void hide() {
        tooltip.hide();
        shown = null;
    }

    void pointerAt(MouseEvent e) {
        GanttModel.Line line = GanttGeometry.lineAt(chart, e.getY());
        if (line == null || line.isHeader()) {
            hide();
            return;
        }
        GanttRow r = line.row();
        Segment seg = GanttGeometry.segmentAt(chart, r, e.getX());
        String key = r.jobId() + "/" + (seg == null ? "" : seg.start());
        if (!key.equals(shown) || !tooltip.isShowing()) {
            shown = key;
            tooltip.setText(describe(r, seg));
            tooltip.show(anchor, e.getScreenX() + OFFSET, e.getScreenY() + OFFSET);
        } else {
            tooltip.setAnchorX(e.getScreenX() + OFFSET);
            tooltip.setAnchorY(e.getScreenY() + OFFSET);
        }
    }

    static String describe(GanttRow r, Segment seg) {
        StringBuilder sb = new StringBuilder(r.jobId()).append("  ·  ").append(r.status().wire().replace('_', ' '));
        if (r.nonFatal() && r.status() == JobStatus.FAILED) sb.append(" (not fatal)");
        if (r.attempt() > 0) sb.append("  ·  attempt ").append(r.attempt());
        if (r.exitCode() != null) sb.append("  ·  exit ").append(r.exitCode());
        if (r.label() != null) sb.append('\n').append(r.label());
        // why it did not run: a blocked job names the job that blocked it
        if (r.reason() != null && r.status().isTerminal() && r.segments().isEmpty()) sb.append('\n').append(r.reason());
        if (seg != null) {
            // an attempt's times as stored, when read: the job panel shows the same ones
            long[] stored = GanttGeometry.isAttempt(seg) ? r.attemptTimes(seg.attempt()) : null;
            long from = stored != null ? stored[0] : seg.start();
            boolean open = stored != null ? stored[1] == 0 : seg.open();
            long end = open ? System.currentTimeMillis() : stored != null ? stored[1] : seg.end();
            boolean clusterWait = r.inClusterQueue(seg);
            boolean numbered = seg.attempt() > 0 && (seg.status() != JobStatus.QUEUED || clusterWait);
            sb.append('\n').append(clusterWait ? "in the cluster's queue" : label(seg.status())).append(numbered ? " (attempt " + seg.attempt() + ")" : "")
                    .append(": ").append(CLOCK.format(Instant.ofEpochMilli(from))).append(" → ")
                    .append(open ? "now" : CLOCK.format(Instant.ofEpochMilli(end)))
                    .append("  (").append(DurationText.of(end - from)).append(')');
        }
        return sb.toString();
    }

    private static String label(JobStatus s) {
        return switch (s) {
            case QUEUED -> "queued";
            case RETRYING -> "waiting to retry";
            case AWAITING_APPROVAL -> "awaiting approval";
            case RUNNING -> "running";
            default -> s.wire();
        };
    }
}
