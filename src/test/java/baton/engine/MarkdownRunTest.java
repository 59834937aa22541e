package baton.engine;

import baton.format.PipelineLoader;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRunTest extends EngineTestBase {

    private Path roadmap() throws Exception {
        return Files.writeString(dir.resolve("ROADMAP.md"), """
                # Roadmap: Demo
                Worker: `echo "$TASK_PHASE/$TASK_GROUP/$TASK_ID" >> ran`
                Gate: `[ ! -e fail-$TASK_GROUP ]`

                ## Phase 1: First
                ### Group A: One
                - A1: a
                - A2: b
                ### Group B: Two
                - B1: c
                ## Phase 2: Second
                ### Group C: Three
                - C1: d
                """);
    }

    @Test
    void aFailingGateStopsTheRoadmapAndResumeSkipsTheGroupsAlreadyDone() throws Exception {
        Path file = roadmap();
        Files.createFile(dir.resolve("fail-B"));
        var first = f.finish(f.engine.start(PipelineLoader.load(file), RunOptions.defaults(), List.of()));
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.job("gate-A").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(first.job("gate-B").status()).isEqualTo(JobStatus.FAILED);
        assertThat(first.job("C1").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactlyInAnyOrder("1/A/A1", "1/A/A2", "1/B/B1");
        Files.delete(dir.resolve("fail-B"));
        var p = PipelineLoader.load(file);
        var done = f.engine.roadmapGroupsDone(p);
        assertThat(done).containsExactlyInAnyOrder("A1", "A2", "gate-A");
        var second = f.finish(f.engine.start(p, RunOptions.defaults().withAlreadyDone(done), List.of()));
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.job("A1").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(second.movesOf("A1")).containsExactly("pending", "skipped");
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactlyInAnyOrder("1/A/A1", "1/A/A2", "1/B/B1", "1/B/B1", "2/C/C1");
    }

    @Test
    void theCascadeExampleRunsOutOfTheBox() throws Exception {
        var r = f.finish(f.engine.start(PipelineLoader.load(Path.of("examples/cascade/CASCADE.md")), RunOptions.defaults(), List.of()));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("U1").outputs()).containsEntry("task", "U1");
        assertThat(r.job("U1").startedAt()).isAfterOrEqualTo(r.job("E3").endedAt());
    }
    @Test
    void aCheckedRoadmapTaskIsSkippedAsDoneWhileTheRestRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("ROADMAP.md"), """
                # EduConnect
                Worker: `echo "$TASK_ID" >> ran`
                Gate: `true`

                ## Phase 1: Foundation
                ### Group A: Database
                - [x] A1: Create the schema
                - [ ] A2: Set up the infrastructure
                ### Group B: Accounts
                - [x] B1: User accounts
                ### Group C: Courses
                - [ ] C1: Catalogue
                """);
        var r = f.finish(f.engine.start(PipelineLoader.load(file), RunOptions.defaults(), List.of()));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly("A2", "C1");
        assertThat(r.job("A1").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(r.history()).filteredOn(c -> "A1".equals(c.jobId()) && "skipped".equals(c.to()))
                .extracting(c -> c.reason()).containsExactly("checked in ROADMAP.md");
        assertThat(r.job("gate-B").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(r.job("gate-A").status()).isEqualTo(JobStatus.SUCCEEDED);
        // a group whose other tasks succeeded counts as done for --resume, its checked task included
        assertThat(f.engine.roadmapGroupsDone(PipelineLoader.load(file))).contains("A1", "A2", "gate-A", "B1", "gate-B");
    }

    @Test
    void aGroupWithConcurrencyOneRunsItsTasksOneAtATime() throws Exception {
        Path file = Files.writeString(dir.resolve("ROADMAP.md"), """
                # Roadmap: Serial
                Worker: `sleep 0.3`

                ### Group A: Shared files
                Concurrency: 1
                - A1: one
                - A2: two
                - A3: three
                """);
        var r = f.finish(f.engine.start(PipelineLoader.load(file), RunOptions.defaults(), List.of()));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("A2").startedAt()).isAfterOrEqualTo(r.job("A1").endedAt());
        assertThat(r.job("A3").startedAt()).isAfterOrEqualTo(r.job("A2").endedAt());
    }

    @Test
    void aCascadeTaskTimeoutEndsItsJob() throws Exception {
        Path file = Files.writeString(dir.resolve("CASCADE.md"), """
                # Cascade: Slow
                Worker: `sleep 5`

                ### S1: sleeps too long
                - Depends on: none
                - Timeout: 1s
                """);
        long t0 = System.nanoTime();
        var r = f.finish(f.engine.start(PipelineLoader.load(file), RunOptions.defaults(), List.of()));
        assertThat(r.job("S1").status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(r.job("S1").error()).contains("timed out after 1");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(4));
    }

    @Test
    void extraCascadeFieldsReachTheJobAsTaskVariables() throws Exception {
        Path file = Files.writeString(dir.resolve("CASCADE.md"), """
                # Cascade: Meta
                Worker: `printf 'files=%s\\nstatus=%s\\n' "$TASK_FILES" "$TASK_STATUS" > "$BATON_OUTPUT"`

                ### M1: with metadata
                - Depends on: none
                - Files: `src/a.py`, `src/b.py`
                - Status: in progress
                """);
        var r = f.finish(f.engine.start(PipelineLoader.load(file), RunOptions.defaults(), List.of()));
        assertThat(r.job("M1").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("M1").outputs()).containsEntry("files", "src/a.py, src/b.py").containsEntry("status", "in progress");
    }
}
