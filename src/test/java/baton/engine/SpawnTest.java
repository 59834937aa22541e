package baton.engine;

import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BATON_SPAWN: jobs that add phases to their run (the regression loop). */
class SpawnTest extends EngineTestBase {

    private static final String LOOP = """
            pipeline: loop
            phases:
              - id: build
                run: "true"
              - id: test
                needs: [build]
                fatal: false
                run: |
                  if [ ! -e fixed ]; then
                    echo '{"id": "fix-login", "run": "touch fixed"}' >> "$BATON_SPAWN"
                    echo '{"id": "retest", "needs": ["fix-login", "build"], "run": "[ -e fixed ] && echo '"'"'{\\"id\\": \\"report\\", \\"run\\": \\"true\\"}'"'"' >> \\"$BATON_SPAWN\\""}' >> "$BATON_SPAWN"
                    exit 1
                  fi
              - id: deploy
                needs: [test]
                run: "true"
            """;

    @Test
    void aFailingTestSpawnsAFixAndARetestThatWhatNeededItWaitsFor() throws Exception {
        var r = f.run(LOOP);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("test").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("test/fix-login").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("test/retest").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("test/retest/report").status()).isEqualTo(JobStatus.SUCCEEDED); // a spawned phase spawned too
        assertThat(r.job("test/retest").startedAt()).isAfterOrEqualTo(r.job("test/fix-login").endedAt());
        // deploy needed test, so it also waited for everything test spawned
        assertThat(r.job("deploy").startedAt()).isAfterOrEqualTo(r.job("test/retest").endedAt());
        assertThat(r.job("deploy").status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void anInvalidSpawnLineFailsTheSpawnerWithItsLineAndSpawnsNothing() throws Exception {
        var r = f.run("""
                pipeline: bad
                phases:
                  - id: gen
                    run: |
                      echo '{"id": "ok", "run": "true"}' >> "$BATON_SPAWN"
                      echo '{"id": "x", "rn": "true"}' >> "$BATON_SPAWN"
                """);
        assertThat(r.job("gen").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("gen").error()).startsWith("BATON_SPAWN line 2: ").contains("unknown key 'rn' in phase (did you mean 'run'?)")
                .endsWith("(nothing from this file was spawned)");
        assertThat(r.jobs()).containsOnlyKeys("gen");
    }

    @Test
    void maxSpawnBoundsTheSpawnedJobs() throws Exception {
        var r = f.run("""
                pipeline: bounded
                max_spawn: 2
                phases:
                  - id: gen
                    run: |
                      echo '{"id": "many", "foreach": ["a", "b", "c"], "run": "true"}' >> "$BATON_SPAWN"
                """);
        assertThat(r.job("gen").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("gen").error()).contains("max_spawn (2) reached").contains("asks for 3 more");
        assertThat(r.jobs()).containsOnlyKeys("gen");
    }

    @Test
    void unknownNeedsAndCyclesInASpawnFileAreRefused() throws Exception {
        var r = f.run("""
                pipeline: refused
                phases:
                  - id: gen
                    run: |
                      echo '{"id": "a", "needs": ["b"], "run": "true"}' >> "$BATON_SPAWN"
                      echo '{"id": "b", "needs": ["a"], "run": "true"}' >> "$BATON_SPAWN"
                  - id: gen2
                    run: |
                      echo '{"id": "c", "needs": ["buld"], "run": "true"}' >> "$BATON_SPAWN"
                  - id: build
                    run: "true"
                """);
        assertThat(r.job("gen").error()).contains("cycle in needs: gen/a -> gen/b -> gen/a");
        assertThat(r.job("gen2").error()).contains("needs unknown phase 'buld' (did you mean 'build'?)");
    }

    @Test
    void aSpawnedPhaseMayNeedOneListedAfterItOrTheSpawnersOwnPhase() throws Exception {
        var r = f.run("""
                pipeline: order
                phases:
                  - id: gen
                    run: |
                      echo '{"id": "first", "needs": ["second"], "run": "true"}' >> "$BATON_SPAWN"
                      echo '{"id": "second", "needs": ["gen"], "run": "true"}' >> "$BATON_SPAWN"
                  - id: after
                    needs: [gen]
                    run: "true"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("gen/first").startedAt()).isAfterOrEqualTo(r.job("gen/second").endedAt());
        assertThat(r.job("after").startedAt()).isAfterOrEqualTo(r.job("gen/first").endedAt());
    }

    @Test
    void aRetryOfARunWithSpawnedPhasesRebuildsThem() throws Exception {
        var first = f.run(LOOP);
        var again = f.finish(f.engine.retry(first.id(), List.of("deploy"), List.of()));
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.job("deploy").attempts()).isEqualTo(2);
        assertThat(again.job("test/retest").attempts()).isEqualTo(1);
    }

    /** A job that spawns a fix whenever it runs, and fails until a flag file exists. */
    private String spawnsThenFails(Path flag, String fix) {
        return """
                pipeline: again
                phases:
                  - id: t
                    run: |
                      echo '%s' >> "$BATON_SPAWN"
                      test -f '%s'
                """.formatted(fix, flag);
    }

    @Test
    void aRetriedJobThatSpawnsTheSamePhasesAgainSucceedsAndSpawnsNothingNew() throws Exception {
        Path flag = f.dir.resolve("flag");
        var first = f.run(spawnsThenFails(flag, "{\"id\": \"fix\", \"run\": \"echo fix\"}"));
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.job("t/fix").status()).isEqualTo(JobStatus.SUCCEEDED);
        java.nio.file.Files.createFile(flag);
        var again = f.finish(f.engine.retry(first.id(), List.of(), List.of()));
        assertThat(again.job("t").status()).as(again.job("t").error()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.job("t/fix").attempts()).as("what it spawned before ran once").isEqualTo(1);
        assertThat(again.jobs()).hasSize(2);
        // and a later retry or resume rebuilds the run as before
        var third = f.finish(f.engine.retry(first.id(), List.of("t"), List.of()));
        assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(third.jobs()).hasSize(2);
    }

    @Test
    void aRetriedJobThatSpawnsOtherPhasesUnderAnIdItSpawnedBeforeFailsSayingWhatToDo() throws Exception {
        Path flag = f.dir.resolve("flag");
        var first = f.run("""
                pipeline: other
                phases:
                  - id: t
                    run: |
                      if [ -f '%s' ]; then
                        echo '{"id": "fix", "run": "echo two"}' >> "$BATON_SPAWN"
                      else
                        echo '{"id": "fix", "run": "echo one"}' >> "$BATON_SPAWN"
                        exit 1
                      fi
                """.formatted(flag));
        assertThat(first.job("t/fix").status()).isEqualTo(JobStatus.SUCCEEDED);
        java.nio.file.Files.createFile(flag);
        var again = f.finish(f.engine.retry(first.id(), List.of(), List.of()));
        assertThat(again.job("t").status()).isEqualTo(JobStatus.FAILED);
        assertThat(again.job("t").error()).contains("an earlier run of t spawned 't/fix'", "baton retry " + first.id() + " t/fix");
        assertThat(again.jobs()).hasSize(2);
    }
}
