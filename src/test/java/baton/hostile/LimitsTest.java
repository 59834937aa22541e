package baton.hostile;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {
    @TempDir Path dir;

    @Test
    void aLogOverItsCapIsCutWithAMarkerAndTheJobGoesOn() throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), "pipeline: loud\nphases:\n  - id: loud\n    run: for i in $(seq 1 5000); do echo line-$i; done\n");
        try (Engine e = Engine.open(dir.resolve("data"), 4096)) {
            var live = e.start(PipelineLoader.load(p), RunOptions.defaults(), List.of());
            live.await();
            var job = e.jobs(live.id()).getFirst();
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            var attempt = e.attempts(live.id()).getFirst();
            Path log = Path.of(attempt.logPath());
            assertThat(Files.size(log)).isLessThan(4096 + 200);
            assertThat(Files.readString(log)).contains("o line-1\n").contains("[log truncated: it reached the cap of 4096 bytes").doesNotContain("line-5000");
        }
    }

    @Test
    void aFanOutOverTheLimitFailsWithTheReason() throws Exception {
        Path p = Files.writeString(dir.resolve("big.yaml"), """
                pipeline: bigfan
                phases:
                  - id: list
                    run: echo "items=$(seq -s, 1 100001)" >> "$BATON_OUTPUT"
                  - id: each
                    needs: [list]
                    foreach: { output: list.items }
                    run: "true"
                """);
        try (Engine e = Engine.open(dir.resolve("data2"))) {
            var live = e.start(PipelineLoader.load(p), RunOptions.defaults(), List.of());
            live.await();
            var each = e.jobs(live.id()).stream().filter(j -> j.phaseId().equals("each")).toList();
            assertThat(each).hasSize(1);
            assertThat(each.getFirst().status()).isEqualTo(JobStatus.FAILED);
            assertThat(each.getFirst().error()).contains("foreach over 100001 items of list.items is over the limit of 100000");
        }
    }
}
