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
    void aBatchJobWaitingInItsClustersQueueIsDrawnQueuedUntilItLeavesIt() {
        GanttModel m = new GanttModel();
        m.addRow("b", "b", "b");
        m.moved("b", JobStatus.QUEUED, 0, 10);
        m.moved("b", JobStatus.RUNNING, 1, 20);
        int version = m.version();
        m.submitted("b", 1);
        assertThat(m.version()).as("a redraw is due").isGreaterThan(version);
        GanttRow b = m.row("b");
        assertThat(b.segments()).containsExactly(new Segment(JobStatus.QUEUED, 0, 10, 20), new Segment(JobStatus.QUEUED, 1, 20, Long.MAX_VALUE));
        assertThat(b.inClusterQueue(b.segments().get(1))).isTrue();
        assertThat(b.inClusterQueue(b.segments().get(0))).as("Baton's own queue").isFalse();
        m.leftQueue("b", 1, 70);
        assertThat(b.segments()).containsExactly(new Segment(JobStatus.QUEUED, 0, 10, 20), new Segment(JobStatus.QUEUED, 1, 20, 70),
                new Segment(JobStatus.RUNNING, 1, 70, Long.MAX_VALUE));
        // told again (the stored attempt after the live events, or a resumed run's follow): nothing changes
        m.submitted("b", 1);
        m.leftQueue("b", 1, 90);
        m.moved("b", JobStatus.SUCCEEDED, 1, 100);
        assertThat(b.segments().subList(1, 3)).containsExactly(new Segment(JobStatus.QUEUED, 1, 20, 70), new Segment(JobStatus.SUCCEEDED, 1, 70, 100));
        assertThat(b.inClusterQueue(b.segments().get(1))).isTrue();

        // cancelled while it waited: all of it was the queue's
        m.addRow("w", "w", "w");
        m.moved("w", JobStatus.RUNNING, 1, 0);
        m.submitted("w", 1);
        m.moved("w", JobStatus.CANCELLED, 1, 500);
        assertThat(m.row("w").segments()).containsExactly(new Segment(JobStatus.QUEUED, 1, 0, 500));

        // placed within the second it was submitted (a cluster's clock counts whole seconds): no wait, the run from the submission
        m.addRow("q", "q", "q");
        m.moved("q", JobStatus.RUNNING, 1, 1_400);
        m.submitted("q", 1);
        m.leftQueue("q", 1, 1_000);
        assertThat(m.row("q").segments()).containsExactly(new Segment(JobStatus.RUNNING, 1, 1_400, Long.MAX_VALUE));
        assertThat(m.row("q").inClusterQueue(m.row("q").segments().getFirst())).isFalse();
    }

    @Test
    void aStoredRunsClusterWaitIsDrawnFromItsAttemptsStart() {
        // as a snapshot has it: every move first, then each attempt's stored start
        GanttModel m = new GanttModel();
        m.addRow("c", "c", "c");
        m.moved("c", JobStatus.RUNNING, 1, 1_000);
        m.moved("c", JobStatus.FAILED, 1, 5_000);
        m.moved("c", JobStatus.RETRYING, 1, 5_000);
        m.moved("c", JobStatus.QUEUED, 1, 6_000);
        m.moved("c", JobStatus.RUNNING, 2, 6_010);
        m.moved("c", JobStatus.SUCCEEDED, 2, 9_000);
        m.leftQueue("c", 2, 9_500); // after the end: nothing to draw
        m.leftQueue("c", 1, 3_000);
        GanttRow c = m.row("c");
        assertThat(c.segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.RETRYING,
                JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(c.segments().get(0)).isEqualTo(new Segment(JobStatus.QUEUED, 1, 1_000, 3_000));
        assertThat(c.segments().get(1)).isEqualTo(new Segment(JobStatus.FAILED, 1, 3_000, 5_000));
        assertThat(c.inClusterQueue(c.segments().get(0))).isTrue();
        assertThat(c.inClusterQueue(c.segments().get(3))).as("Baton's wait before the retry").isFalse();
        assertThat(c.segments().get(4)).isEqualTo(new Segment(JobStatus.SUCCEEDED, 2, 6_010, 9_000));
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
