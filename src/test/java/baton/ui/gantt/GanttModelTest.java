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
