package baton.ui.gantt;

import baton.model.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GanttModelTest {
    @Test
    void attemptsQueuedTimeAndRetryWaitsBecomeSeparateSpans() {
        GanttModel m = new GanttModel();
        m.addRow("b", "b", "b");
        m.moved("b", JobStatus.PENDING, 0, 0);
        m.moved("b", JobStatus.QUEUED, 0, 10);
        m.moved("b", JobStatus.RUNNING, 1, 20);
        m.moved("b", JobStatus.RETRYING, 1, 50);
        m.moved("b", JobStatus.QUEUED, 1, 150);
        m.moved("b", JobStatus.RUNNING, 2, 155);
        m.moved("b", JobStatus.SUCCEEDED, 2, 300);
        var s = m.row("b").segments();
        assertThat(s).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.RETRYING,
                JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(s.get(1).attempt()).isEqualTo(1);
        assertThat(s.get(1).start()).isEqualTo(20);
        assertThat(s.get(1).end()).isEqualTo(50);
        assertThat(s.get(4).attempt()).isEqualTo(2);
        assertThat(s).noneMatch(Segment::open);
        assertThat(m.row("b").attempt()).isEqualTo(2);
    }

    @Test
    void aClusterJobsWaitInItsQueueIsDrawnQueuedBeforeItsRun() {
        GanttModel m = new GanttModel();
        m.addRow("b", "b", "b");
        m.moved("b", JobStatus.QUEUED, 0, 10);
        m.moved("b", JobStatus.RUNNING, 1, 20); // submitted to the cluster
        int version = m.version();
        m.leftQueue("b", 1, 70);
        assertThat(m.version()).as("a redraw is due").isGreaterThan(version);
        var s = m.row("b").segments();
        assertThat(s).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.RUNNING);
        assertThat(s.get(1)).isEqualTo(new Segment(JobStatus.QUEUED, 1, 20, 70));
        assertThat(s.get(2).start()).isEqualTo(70);
        assertThat(s.get(2).open()).isTrue();
        // told again (the stored attempt after the live event): nothing changes; the end closes the run's span
        m.leftQueue("b", 1, 70);
        m.moved("b", JobStatus.SUCCEEDED, 1, 100);
        assertThat(m.row("b").segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(m.row("b").segments().get(2)).isEqualTo(new Segment(JobStatus.SUCCEEDED, 1, 70, 100));

        // an ended attempt read from the store is split the same way; a start at or before the submission
        // (a cluster's clock in whole seconds) and another attempt's start leave it as it is
        m.addRow("c", "c", "c");
        m.moved("c", JobStatus.RUNNING, 1, 1_000);
        m.moved("c", JobStatus.FAILED, 1, 5_000);
        m.leftQueue("c", 1, 900);
        m.leftQueue("c", 2, 3_000);
        assertThat(m.row("c").segments()).containsExactly(new Segment(JobStatus.FAILED, 1, 1_000, 5_000));
        m.leftQueue("c", 1, 3_000);
        assertThat(m.row("c").segments()).containsExactly(new Segment(JobStatus.QUEUED, 1, 1_000, 3_000), new Segment(JobStatus.FAILED, 1, 3_000, 5_000));
    }

    @Test
    void lanesGroupRowsAndFold() {
        GanttModel m = new GanttModel();
        m.addRow("cue[0]", "cue", "cues");
        m.addRow("cue[1]", "cue", "cues");
        m.addRow("parse", "parse", "parse");
        assertThat(m.lines()).hasSize(4); // header + 2 jobs, and a single-job lane without a header
        assertThat(m.lines().getFirst().isHeader()).isTrue();
        m.toggleLane("cues");
        assertThat(m.lines()).hasSize(2);
        assertThat(m.lines().get(1).row().jobId()).isEqualTo("parse");
    }
}
