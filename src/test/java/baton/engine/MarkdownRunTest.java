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
}
