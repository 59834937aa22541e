package baton.engine;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What users bring from their own orchestrators runs as they mean it (issue: migration semantics). */
class MigrationSemanticsTest {
    @TempDir Path dir;

    @Test
    void aFanOutOverAnOutputOfAPhaseItNeedsOnlyThroughAnotherExpandsInsteadOfHanging() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: fan
                    phases:
                      - id: a
                        run: echo items=x,y >> $BATON_OUTPUT
                      - id: b
                        needs: [a]
                        run: "true"
                      - id: c
                        needs: [b]
                        foreach: { output: a.items }
                        run: echo "$BATON_ITEM"
                    """);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.jobs()).containsKeys("c[0]", "c[1]");
        }
    }

    @Test
    void aSwitchedOffPhaseIsTransparentItsDependentsWaitForWhatItWaitedFor() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: spine
                    phases:
                      - id: phase1
                        run: sleep 0.5
                      - id: phase7
                        needs: [phase1]
                        optional: true
                        run: echo seven
                      - id: phase8
                        needs: [phase7]
                        run: echo eight
                    """);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.job("phase7").status()).isEqualTo(JobStatus.SKIPPED);
            AttemptRecord one = r.attemptsOf("phase1").getFirst(), eight = r.attemptsOf("phase8").getFirst();
            assertThat(eight.startedAt()).as("phase8 starts after phase1 ended, not alongside it").isAfterOrEqualTo(one.endedAt());
        }
    }

    @Test
    void aFailureBeforeASwitchedOffPhaseBlocksWhatComesAfterIt() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: spine
                    phases:
                      - id: phase1
                        run: exit 1
                      - id: phase7
                        needs: [phase1]
                        optional: true
                        run: echo seven
                      - id: phase8
                        needs: [phase7]
                        run: echo eight
                    """);
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.job("phase7").status()).isEqualTo(JobStatus.SKIPPED);
            assertThat(r.job("phase7").error()).isNull();
            assertThat(r.job("phase8").status()).isEqualTo(JobStatus.BLOCKED);
        }
    }

    @Test
    void aSwitchedOnOptionalPhaseStillRunsInItsPlace() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: spine
                    phases:
                      - id: phase1
                        run: "true"
                      - id: phase7
                        needs: [phase1]
                        optional: true
                        run: "true"
                    """, EngineFixture.options(Map.of(), Set.of("phase7"), Set.of(), true));
            assertThat(r.job("phase7").status()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void retryAfterARoadmapResumeRunsTheFixedTaskAndKeepsWhatResumeSkipped() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("impl.sh"), """
                #!/bin/sh
                [ "$TASK_ID" = B1 ] && [ ! -e fixed ] && exit 1
                echo "$TASK_ID" >> ran
                """);
        dir.resolve("impl.sh").toFile().setExecutable(true);
        Path roadmap = java.nio.file.Files.writeString(dir.resolve("ROADMAP.md"), """
                # Roadmap: T
                Worker: `./impl.sh`
                Gate: `true`

                ## Phase 1: One
                ### Group A: First
                - A1: one
                ### Group B: Second
                - B1: two
                - B2: three
                """);
        try (EngineFixture f = new EngineFixture(dir)) {
            var p = baton.format.PipelineLoader.load(roadmap);
            assertThat(f.engine.start(p, RunOptions.defaults(), java.util.List.of()).await()).isEqualTo(RunStatus.FAILED);
            var resumed = f.engine.start(p, RunOptions.defaults().withAlreadyDone(f.engine.roadmapGroupsDone(p)), java.util.List.of());
            assertThat(resumed.await()).isEqualTo(RunStatus.FAILED);
            java.nio.file.Files.writeString(dir.resolve("fixed"), "");
            java.nio.file.Files.delete(dir.resolve("ran"));

            assertThat(f.engine.retryPlan(resumed.id(), java.util.List.of())).containsExactly("B1", "gate-B");
            assertThat(f.engine.retry(resumed.id(), java.util.List.of(), java.util.List.of()).await()).isEqualTo(RunStatus.SUCCEEDED);
            var r = f.result(resumed.id(), RunStatus.SUCCEEDED);
            assertThat(r.job("B1").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("gate-B").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("A1").status()).isEqualTo(JobStatus.SKIPPED);
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("ran"))).containsExactly("B1");
            assertThat(r.run().plan().alreadyDone()).containsExactlyInAnyOrder("A1", "gate-A");
        }
    }

    private static final String REGRESSION_LOOP = """
            pipeline: loop
            phases:
              - id: test
                run: |
                  if [ -e fixed ]; then exit 0; fi
                  echo '{"id": "fix", "run": "touch fixed"}' >> "$BATON_SPAWN"
                  echo '{"id": "retest", "needs": ["fix"], %s "run": "%s"}' >> "$BATON_SPAWN"
                  exit 1
              - id: verify
                needs: [test]
                run: echo verified
            """;

    @Test
    void aReTestThatSupersedesTheFailedTestDecidesWhatComesAfter() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(REGRESSION_LOOP.formatted("\"supersedes\": true,", "test -e fixed"));
            assertThat(r.job("test").status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.job("test").error()).contains("superseded by test/retest");
            assertThat(r.job("test/retest").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("verify").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aFailingReTestThatSupersedesBlocksWhatComesAfter() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(REGRESSION_LOOP.formatted("\"supersedes\": true,", "exit 3"));
            assertThat(r.job("verify").status()).isEqualTo(JobStatus.BLOCKED);
            assertThat(r.job("verify").error()).contains("test/retest");
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        }
    }

    @Test
    void withoutSupersedesTheFirstFailureStillBlocks() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(REGRESSION_LOOP.formatted("", "test -e fixed"));
            assertThat(r.job("test/retest").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("verify").status()).isEqualTo(JobStatus.BLOCKED);
        }
    }

    @Test
    void aCleanupPhaseRunsWhenTheRunIsCancelledAndTheRunStaysCancelled() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var live = f.start("""
                    pipeline: teardown
                    phases:
                      - id: work
                        run: sleep 30
                      - id: after
                        needs: [work]
                        run: echo never
                      - id: cleanup
                        needs: [{ phase: work, when: always }]
                        run: touch cleaned
                    """, RunOptions.defaults());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> f.engine.jobs(live.id()).stream().anyMatch(j -> j.id().equals("work") && j.status() == JobStatus.RUNNING));
            live.cancel();
            var r = f.finish(live);
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(r.job("work").status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(r.job("after").status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(r.job("cleanup").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(dir.resolve("cleaned")).exists();
        }
    }
}
