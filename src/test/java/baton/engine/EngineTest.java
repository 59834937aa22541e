package baton.engine;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static baton.engine.EngineFixture.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineTest extends EngineTestBase {

    @Test
    void dependentsWaitAndIndependentPhasesRunInParallel() throws Exception {
        var r = f.run("""
                pipeline: order
                concurrency: 4
                phases:
                  - id: a
                    run: echo "a-start $(date +%s%N)" >> "$BATON_RUN_DIR/t"; sleep 0.2; echo "a-end $(date +%s%N)" >> "$BATON_RUN_DIR/t"
                  - id: b
                    needs: [a]
                    run: echo "b-start $(date +%s%N)" >> "$BATON_RUN_DIR/t"; sleep 0.6; echo "b-end $(date +%s%N)" >> "$BATON_RUN_DIR/t"
                  - id: c
                    needs: [a]
                    run: echo "c-start $(date +%s%N)" >> "$BATON_RUN_DIR/t"; sleep 0.6; echo "c-end $(date +%s%N)" >> "$BATON_RUN_DIR/t"
                  - id: d
                    needs: [b, c]
                    run: echo "d-start $(date +%s%N)" >> "$BATON_RUN_DIR/t"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, Long> t = times(r);
        assertThat(t.get("b-start")).isGreaterThanOrEqualTo(t.get("a-end"));
        assertThat(t.get("c-start")).isGreaterThanOrEqualTo(t.get("a-end"));
        assertThat(t.get("d-start")).isGreaterThanOrEqualTo(Math.max(t.get("b-end"), t.get("c-end")));
        // b and c overlap: each started before the other ended
        assertThat(t.get("b-start")).isLessThan(t.get("c-end"));
        assertThat(t.get("c-start")).isLessThan(t.get("b-end"));
        assertThat(r.movesOf("d")).containsExactly("pending", "waiting", "queued", "running", "succeeded");
    }

    private Map<String, Long> times(EngineFixture.Result r) throws Exception {
        Map<String, Long> t = new java.util.HashMap<>();
        for (String line : Files.readAllLines(f.engine.dataDir().resolve("runs").resolve(r.id().value()).resolve("t"))) {
            String[] p = line.split(" ");
            t.put(p[0], Long.parseLong(p[1]));
        }
        return t;
    }

    @Test
    void concurrencyLimitIsNeverExceeded() throws Exception {
        StringBuilder yaml = new StringBuilder("pipeline: limit\nconcurrency: 2\nphases:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("  - id: j").append(i).append("\n    run: echo \"+ $(date +%s%N)\" >> \"$BATON_RUN_DIR/t\"; sleep 0.15; "
                    + "echo \"- $(date +%s%N)\" >> \"$BATON_RUN_DIR/t\"\n");
        }
        var r = f.run(yaml.toString());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<long[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(f.engine.dataDir().resolve("runs").resolve(r.id().value()).resolve("t"))) {
            String[] p = line.split(" ");
            events.add(new long[]{Long.parseLong(p[1]), p[0].equals("+") ? 1 : -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0, max = 0;
        for (long[] e : events) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        assertThat(max).isEqualTo(2);
    }

    @Test
    void jobsSeeTheEnvironmentOfTheSpec() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Path input = Files.writeString(dir.resolve("script.txt"), "hello");
        var live = f.engine.start(f.load("""
                pipeline: envs
                params: { venue: main_hall }
                env: { FROM_PIPELINE: p, SHARED: pipeline }
                phases:
                  - id: show
                    cwd: sub
                    env: { FROM_PHASE: ph, SHARED: phase }
                    run: |
                      for v in BATON_RUN_ID BATON_JOB_ID BATON_PHASE_ID BATON_ATTEMPT BATON_INPUT BATON_RUN_DIR venue FROM_PIPELINE FROM_PHASE SHARED; do
                        eval "echo $v=\\$$v" >> "$BATON_OUTPUT"
                      done
                      echo "cwd=$(pwd)" >> "$BATON_OUTPUT"
                """), new baton.engine.RunOptions(Map.of("venue", "garden"), Set.of(), Set.of(), input.toString(), 1, false, "t"), List.of());
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, String> out = r.job("show").outputs();
        assertThat(out).containsEntry("BATON_RUN_ID", r.id().value()).containsEntry("BATON_JOB_ID", "show")
                .containsEntry("BATON_PHASE_ID", "show").containsEntry("BATON_ATTEMPT", "1")
                .containsEntry("BATON_INPUT", input.toAbsolutePath().toString())
                .containsEntry("BATON_RUN_DIR", f.engine.dataDir().resolve("runs").resolve(r.id().value()).toString())
                .containsEntry("venue", "garden").containsEntry("FROM_PIPELINE", "p").containsEntry("FROM_PHASE", "ph")
                .containsEntry("SHARED", "phase").containsEntry("cwd", dir.resolve("sub").toRealPath().toString());
    }

    @Test
    void parametersAreDataNeverCode() throws Exception {
        Path canary = dir.resolve("PWNED");
        var r = f.run("""
                pipeline: inj
                params: { title: x }
                phases:
                  - id: echo
                    run: echo "title=$title" >> "$BATON_OUTPUT"
                """, options(Map.of("title", "x\"; touch " + canary + "; \"$(touch " + canary + ")`touch " + canary + "`"), Set.of(), Set.of(), false));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(canary).doesNotExist();
        assertThat(r.job("echo").outputs().get("title")).contains("touch " + canary);
    }

    @Test
    void whenConditionsAndFatalDecideWhatRuns() throws Exception {
        var r = f.run("""
                pipeline: when
                phases:
                  - id: boom
                    run: exit 4
                  - id: after_boom
                    needs: [boom]
                    run: "true"
                  - id: on_failure
                    needs: [{ phase: boom, when: failure }]
                    run: "true"
                  - id: finally
                    needs: [{ phase: boom, when: always }]
                    run: "true"
                  - id: soft
                    fatal: false
                    run: exit 1
                  - id: after_soft
                    needs: [soft]
                    run: "true"
                  - id: ok
                    run: "true"
                  - id: on_ok_failure
                    needs: [{ phase: ok, when: failure }]
                    run: "true"
                  - id: after_skipped
                    needs: [on_ok_failure]
                    run: "true"
                  - id: blocked_too
                    needs: [after_boom]
                    run: "true"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.job("boom").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("boom").exitCode()).isEqualTo(4);
        assertThat(r.job("boom").error()).isEqualTo("exit code 4");
        assertThat(r.job("after_boom").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(r.job("blocked_too").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(r.job("on_failure").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("finally").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("soft").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("after_soft").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("on_ok_failure").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(r.job("after_skipped").status()).isEqualTo(JobStatus.SKIPPED);
    }

    @Test
    void aNonFatalFailureAloneLeavesTheRunSucceeded() throws Exception {
        var r = f.run("pipeline: soft\nphases:\n  - id: a\n    fatal: false\n    run: exit 1\n  - id: b\n    needs: [a]\n    run: \"true\"\n");
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void retriesMakeNewAttemptsEachWithItsOwnLog() throws Exception {
        var r = f.run("""
                pipeline: retry
                phases:
                  - id: flaky
                    retries: { max: 3, delay: 50ms, backoff: 2.0 }
                    run: echo "attempt $BATON_ATTEMPT"; [ "$BATON_ATTEMPT" -ge 3 ]
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("flaky").attempts()).isEqualTo(3);
        List<AttemptRecord> attempts = r.attemptsOf("flaky");
        assertThat(attempts).extracting(AttemptRecord::status).containsExactly(JobStatus.FAILED, JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(attempts).extracting(AttemptRecord::logPath).doesNotHaveDuplicates();
        for (AttemptRecord a : attempts) {
            assertThat(Files.readString(Path.of(a.logPath()))).isEqualTo("o attempt " + a.attempt() + "\n");
            assertThat(a.logSize()).isEqualTo(Files.size(Path.of(a.logPath())));
        }
        assertThat(r.movesOf("flaky")).containsExactly("pending", "queued", "running", "retrying", "queued", "running", "retrying",
                "queued", "running", "succeeded");
        // the retry waits are really waited: 50ms then 100ms
        Duration gap = Duration.between(attempts.get(1).endedAt(), attempts.get(2).startedAt());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void retriesRunOutIntoFailure() throws Exception {
        var r = f.run("pipeline: r\nphases:\n  - id: a\n    retries: 2\n    run: exit 7\n");
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("a").attempts()).isEqualTo(3);
        assertThat(r.job("a").exitCode()).isEqualTo(7);
    }

    @Test
    void timeoutEndsTheWholeTreeEvenChildrenThatIgnoreSigterm() throws Exception {
        var r = f.run("""
                pipeline: t
                phases:
                  - id: slow
                    timeout: 300ms
                    run: |
                      sh -c 'trap "" TERM; echo $$ > "$BATON_RUN_DIR/stubborn"; while true; do sleep 0.1; done' &
                      sh -c 'echo $$ > "$BATON_RUN_DIR/child"; sleep 60' &
                      sleep 60
                """);
        assertThat(r.job("slow").status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(r.job("slow").error()).contains("timed out after 300ms");
        Path runDir = f.engine.dataDir().resolve("runs").resolve(r.id().value());
        long stubborn = Long.parseLong(Files.readString(runDir.resolve("stubborn")).strip());
        long child = Long.parseLong(Files.readString(runDir.resolve("child")).strip());
        assertThat(Processes.isRunning(stubborn)).isFalse();
        assertThat(Processes.isRunning(child)).isFalse();
        assertThat(Files.readString(Path.of(r.attemptsOf("slow").getFirst().logPath()))).contains("b timed out after 300ms: sending SIGTERM");
    }

    @Test
    void backgroundChildrenDoNotOutliveTheirJob() throws Exception {
        var r = f.run("""
                pipeline: bg
                phases:
                  - id: leaves
                    run: (sleep 60 & echo $! > "$BATON_RUN_DIR/bg"); echo started
                """);
        assertThat(r.job("leaves").status()).isEqualTo(JobStatus.SUCCEEDED);
        long bg = Long.parseLong(Files.readString(f.engine.dataDir().resolve("runs").resolve(r.id().value()).resolve("bg")).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(bg));
    }

    @Test
    void cancelEndsRunningJobsAndCancelsTheRest() throws Exception {
        LiveRun live = f.start("""
                pipeline: c
                concurrency: 1
                phases:
                  - id: long
                    run: echo $$ > "$BATON_RUN_DIR/pid"; sleep 60
                  - id: next
                    needs: [long]
                    run: "true"
                  - id: other
                    run: "true"
                """, RunOptions.defaults());
        Path pidFile = f.engine.dataDir().resolve("runs").resolve(live.id().value()).resolve("pid");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        live.cancel();
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.job("long").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(r.job("next").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(r.job("other").status()).isEqualTo(JobStatus.CANCELLED);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(pid));
        assertThat(r.run().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.run().endedAt()).isNotNull();
    }

    @Test
    void cancellingOneJobBlocksItsDependentsOnly() throws Exception {
        LiveRun live = f.start("""
                pipeline: cj
                concurrency: 2
                phases:
                  - id: long
                    run: touch "$BATON_RUN_DIR/started"; sleep 60
                  - id: next
                    needs: [long]
                    run: "true"
                  - id: other
                    run: "true"
                """, RunOptions.defaults());
        Path started = f.engine.dataDir().resolve("runs").resolve(live.id().value()).resolve("started");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        live.cancelJob("long");
        var r = f.finish(live);
        assertThat(r.job("long").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(r.job("next").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(r.job("other").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void optionalPhasesAreOffUnlessSwitchedOn() throws Exception {
        String yaml = """
                pipeline: opt
                phases:
                  - id: build
                    run: "true"
                  - id: audio
                    needs: [build]
                    optional: true
                    run: "true"
                  - id: publish
                    needs: [audio]
                    run: "true"
                  - id: lights
                    optional: true
                    enabled: true
                    run: "true"
                """;
        var off = f.run(yaml);
        assertThat(off.job("audio").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(off.job("publish").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(off.job("lights").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(off.run().switches()).containsEntry("audio", false).containsEntry("lights", true);
        assertThat(off.status()).isEqualTo(RunStatus.SUCCEEDED);

        var on = f.run(yaml, options(Map.of(), Set.of("audio"), Set.of("lights"), false));
        assertThat(on.job("audio").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(on.job("lights").status()).isEqualTo(JobStatus.SKIPPED);
    }

    @Test
    void aConfirmPhaseSwitchedOnRefusesToStartWithoutYes() throws Exception {
        String yaml = """
                pipeline: hw
                phases:
                  - id: cue
                    run: "true"
                  - id: hardware
                    needs: [cue]
                    optional: true
                    confirm: "This phase drives real lighting hardware. Switch it on?"
                    run: "true"
                """;
        assertThat(f.run(yaml).job("hardware").status()).isEqualTo(JobStatus.SKIPPED);
        assertThatThrownBy(() -> f.run(yaml, options(Map.of(), Set.of("hardware"), Set.of(), false)))
                .isInstanceOf(RunRefused.class).hasMessageContaining("This phase drives real lighting hardware. Switch it on?");
        assertThat(f.run(yaml, options(Map.of(), Set.of("hardware"), Set.of(), true)).job("hardware").status()).isEqualTo(JobStatus.SUCCEEDED);
        int before = f.engine.runs(100).size();
        assertThatThrownBy(() -> f.run(yaml, options(Map.of(), Set.of("hardwre"), Set.of(), true)))
                .isInstanceOf(RunRefused.class).hasMessageContaining("did you mean 'hardware'");
        assertThatThrownBy(() -> f.run(yaml, options(Map.of("nope", "1"), Set.of(), Set.of(), true)))
                .isInstanceOf(RunRefused.class).hasMessageContaining("unknown parameter 'nope'");
        assertThat(f.engine.runs(100)).hasSize(before); // a refused run leaves nothing behind
    }

    @Test
    void stdoutAndStderrStayApartInOrder() throws Exception {
        var r = f.run("""
                pipeline: streams
                phases:
                  - id: talk
                    run: echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three; sleep 0.05; printf 'no newline' >&2
                """);
        String log = Files.readString(Path.of(r.attemptsOf("talk").getFirst().logPath()));
        assertThat(log).isEqualTo("o one\ne two\no three\ne no newline\n");
    }

    @Test
    void aCommandThatCannotStartFailsWithAReason() throws Exception {
        var r = f.run("pipeline: x\nphases:\n  - id: a\n    cwd: does-not-exist\n    run: \"true\"\n");
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("a").error()).contains("working directory").contains("does not exist");
        var missing = f.run("pipeline: y\nphases:\n  - id: a\n    run: ./no-such-script.sh\n");
        assertThat(missing.job("a").exitCode()).isEqualTo(127);
    }

    @Test
    void fanOutOverAListAndAnUpstreamOutputThenFanIn() throws Exception {
        var r = f.run("""
                pipeline: fan
                params: { scenes: "s1, s2" }
                phases:
                  - id: parse
                    run: echo 'items=["x","y","z"]' >> "$BATON_OUTPUT"
                  - id: each
                    needs: [parse]
                    foreach: { output: parse.items }
                    run: echo "got=$BATON_INDEX:$BATON_ITEM" >> "$BATON_OUTPUT"
                  - id: byparam
                    foreach: { param: scenes }
                    run: "true"
                  - id: join
                    needs: [each, byparam]
                    run: "true"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("each[2]").outputs()).containsEntry("got", "2:z");
        assertThat(r.jobs()).containsKeys("each[0]", "each[1]", "each[2]", "byparam[0]", "byparam[1]");
        assertThat(r.job("join").startedAt()).isAfterOrEqualTo(r.job("each[2]").endedAt());
    }

    @Test
    void everyTransitionIsInTheHistoryWithItsTime() throws Exception {
        var r = f.run("pipeline: h\nphases:\n  - id: a\n    run: \"true\"\n  - id: b\n    needs: [a]\n    run: \"true\"\n");
        assertThat(r.history().getFirst().jobId()).isNull();
        assertThat(r.history().getFirst().to()).isEqualTo("running");
        assertThat(r.history().getLast().jobId()).isNull();
        assertThat(r.history().getLast().to()).isEqualTo("succeeded");
        for (int i = 1; i < r.history().size(); i++) {
            assertThat(r.history().get(i).at()).isAfterOrEqualTo(r.history().get(i - 1).at());
        }
    }

    @Test
    void anEmptyFanOutMakesNoJobsAndDependentsGoOn() throws Exception {
        var r = f.run("""
                pipeline: empty
                phases:
                  - id: parse
                    run: echo 'scenes=[]' >> "$BATON_OUTPUT"
                  - id: each
                    needs: [parse]
                    foreach: { output: parse.scenes }
                    run: exit 1
                  - id: none
                    foreach: []
                    run: exit 1
                  - id: after
                    needs: [each, none]
                    run: "true"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.jobs()).containsOnlyKeys("parse", "after");
        assertThat(r.job("after").status()).isEqualTo(JobStatus.SUCCEEDED);
    }
}
