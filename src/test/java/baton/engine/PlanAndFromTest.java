package baton.engine;

import baton.engine.plan.DryRun;
import baton.engine.plan.DryRunJob;
import baton.engine.plan.EarlierRuns;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.model.StateChange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanAndFromTest extends EngineTestBase {

    /** a -> b -> c, and d on its own; every job notes that it ran, b and c keep what they saw upstream. */
    private static final String CHAIN = """
            pipeline: chain
            phases:
              - id: a
                run: echo a >> ran; echo "scenes=x,y" >> "$BATON_OUTPUT"; echo "stamp=$BATON_RUN_ID" >> "$BATON_OUTPUT"
              - id: b
                needs: [a]
                run: echo b >> ran; cp "$BATON_UPSTREAM" "upstream-b.json"; echo "seen=$BATON_RUN_ID" >> "$BATON_OUTPUT"
              - id: c
                needs: [b]
                run: echo c >> ran; cp "$BATON_UPSTREAM" "upstream-c.json"; [ ! -e fail-c ]
              - id: d
                run: echo d >> ran
            """;

    private static RunOptions from(String phase) {
        return RunOptions.defaults().withSelection(phase, List.of());
    }

    private static RunOptions only(String... phases) {
        return RunOptions.defaults().withSelection(null, List.of(phases));
    }

    private List<String> ran() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("ran"));
        Files.delete(dir.resolve("ran"));
        return lines;
    }

    private JsonNode json(String file) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(file).toFile());
    }

    private String skipReason(EngineFixture.Result r, String job) {
        return r.history().stream().filter(c -> job.equals(c.jobId()) && "skipped".equals(c.to())).map(StateChange::reason).findFirst().orElseThrow();
    }

    @Test
    void planListsTheJobsInStartOrderWithWhatIsSwitchedOffAndWhy() throws Exception {
        LoadedPipeline p = f.load("""
                pipeline: stage
                params: { venue: hall, scenes: "s1, s2" }
                phases:
                  - id: report
                    needs: [{ phase: cue, when: always }]
                    run: ./report.sh
                  - id: parse
                    name: "Phase 1: Parse"
                    run: ./parse.sh "$venue"
                  - id: cue
                    needs: [parse]
                    foreach: { param: scenes }
                    run: ./cue.sh "$BATON_ITEM"
                  - id: lights
                    needs: [parse]
                    foreach: { output: parse.rigs }
                    run: ./rig.sh
                  - id: hardware
                    needs: [cue]
                    optional: true
                    run: ./dmx.sh
                """);
        DryRun plan = Engine.planRun(p, RunOptions.defaults(), EarlierRuns.none());

        // by how many phases must end before each can start, then by the order of the file
        assertThat(plan.jobs()).extracting(DryRunJob::id).containsExactly("parse", "cue[0]", "cue[1]", "lights[*]", "report", "hardware");
        assertThat(plan.jobs()).extracting(DryRunJob::state).containsExactly(DryRunJob.State.WILL_RUN, DryRunJob.State.WILL_RUN,
                DryRunJob.State.WILL_RUN, DryRunJob.State.WILL_RUN, DryRunJob.State.WILL_RUN, DryRunJob.State.SWITCHED_OFF);
        DryRunJob hardware = plan.jobs().getLast();
        assertThat(hardware.stateText()).isEqualTo("switched off");
        assertThat(hardware.reason()).contains("--enable hardware");
        DryRunJob cue1 = plan.jobs().get(2);
        assertThat(cue1.run()).isEqualTo("./cue.sh \"$BATON_ITEM\""); // never substituted
        assertThat(cue1.env()).containsEntry("BATON_ITEM", "s2").containsEntry("BATON_INDEX", "1").containsEntry("venue", "hall");
        assertThat(plan.jobs().get(3).fanOut()).isEqualTo("one job per item of parse.rigs, known at run time");
        assertThat(plan.jobs().get(4).needs()).extracting(n -> n.phase() + ":" + n.when().wire()).containsExactly("cue:always");
        assertThat(plan.jobs().getFirst().name()).isEqualTo("Phase 1: Parse");

        DryRun switchedOn = Engine.planRun(p, EarlierRuns_options(Map.of("scenes", "only"), Set.of("hardware")), EarlierRuns.none());
        assertThat(switchedOn.jobs()).extracting(DryRunJob::id).containsExactly("parse", "cue[0]", "lights[*]", "report", "hardware");
        assertThat(switchedOn.jobs().getLast().state()).isEqualTo(DryRunJob.State.WILL_RUN);
    }

    private static RunOptions EarlierRuns_options(Map<String, String> params, Set<String> enable) {
        return EngineFixture.options(params, enable, Set.of(), false);
    }

    @Test
    void planRefusesWhatRunRefusesWithTheSameWords() throws Exception {
        LoadedPipeline p = f.load("pipeline: x\nparams: { venue: hall }\nphases:\n  - id: a\n    run: \"true\"\n");
        RunOptions bad = EngineFixture.options(Map.of("venu", "x"), Set.of(), Set.of(), false);
        assertThatThrownBy(() -> Engine.planRun(p, bad, EarlierRuns.none()))
                .isInstanceOf(RunRefused.class).hasMessageStartingWith("unknown parameter 'venu' (did you mean 'venue'?)");
        assertThatThrownBy(() -> f.engine.start(p, bad, List.of()))
                .isInstanceOf(RunRefused.class).hasMessageStartingWith("unknown parameter 'venu' (did you mean 'venue'?)");
        assertThat(f.engine.runs(10)).isEmpty();
    }

    @Test
    void fromRunsThePhaseAndWhatFollowsWithTheEarlierOutputsOfWhatComesBefore() throws Exception {
        var first = f.run(CHAIN);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("a", "b", "c", "d");

        DryRun plan = f.engine.planRun(f.load(CHAIN), from("b"));
        assertThat(plan.jobs()).extracting(j -> j.id() + " " + j.stateText())
                .containsExactly("a skipped (--from b)", "d skipped (--from b)", "b will run", "c will run");
        assertThat(plan.jobs().getFirst().outputsFrom()).isEqualTo(first.id().value());

        var second = f.run(CHAIN, from("b"));
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("b", "c");
        assertThat(second.job("a").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(skipReason(second, "a")).isEqualTo("taken from run " + first.id());
        assertThat(second.job("d").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(skipReason(second, "d")).isEqualTo("skipped (--from b)");
        // b sees a's outputs of the first run; they are stored with the second run too
        assertThat(json("upstream-b.json").get("a").get("stamp").asText()).isEqualTo(first.id().value());
        assertThat(json("upstream-c.json").get("a").get("scenes").asText()).isEqualTo("x,y");
        assertThat(json("upstream-c.json").get("b").get("seen").asText()).isEqualTo(second.id().value());
        assertThat(second.job("a").outputs()).containsEntry("stamp", first.id().value());
        assertThat(second.run().plan().takenFrom()).isEqualTo(Map.of("a", first.id().value()));
        assertThat(second.run().plan().leftOut()).isEqualTo(Map.of("d", "skipped (--from b)"));
    }

    @Test
    void aRetryOfARunStartedWithFromKeepsTheTakenOutputs() throws Exception {
        var first = f.run(CHAIN);
        Files.createFile(dir.resolve("fail-c"));
        var second = f.run(CHAIN, from("c"));
        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        assertThat(second.run().plan().takenFrom()).containsOnlyKeys("a", "b");
        Files.delete(dir.resolve("fail-c"));
        ran();

        var retried = f.finish(f.engine.retry(second.id(), List.of(), List.of()));
        assertThat(retried.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactly("c");
        assertThat(retried.job("a").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(json("upstream-c.json").get("a").get("stamp").asText()).isEqualTo(first.id().value());
        assertThat(json("upstream-c.json").get("b").get("seen").asText()).isEqualTo(first.id().value());
    }

    @Test
    void fromTakesEachEarlierPhaseFromTheLatestRunWhereItSucceeded() throws Exception {
        var first = f.run(CHAIN);
        Files.createFile(dir.resolve("fail-c"));
        var second = f.run(CHAIN, from("b")); // b succeeds again, c fails
        Files.delete(dir.resolve("fail-c"));
        var third = f.run(CHAIN, from("c"));
        assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
        // a was only ever run by the first run (the second took it); b last succeeded in the second
        assertThat(third.run().plan().takenFrom()).isEqualTo(Map.of("a", first.id().value(), "b", second.id().value()));
        assertThat(json("upstream-c.json").get("b").get("seen").asText()).isEqualTo(second.id().value());
    }

    @Test
    void fromRefusesWhenAPhaseBeforeItNeverSucceeded() throws Exception {
        String failingA = CHAIN.replace("echo a >> ran;", "echo a >> ran; exit 1;");
        assertThat(f.run(failingA).status()).isEqualTo(RunStatus.FAILED);
        assertThatThrownBy(() -> f.engine.start(f.load(failingA), from("b"), List.of()))
                .isInstanceOf(RunRefused.class)
                .hasMessageStartingWith("--from b: phase 'a', which it needs, has not succeeded in any earlier run of "
                        + dir.resolve("pipeline.yaml"));
        assertThatThrownBy(() -> Engine.planRun(f.load(CHAIN), from("b"), EarlierRuns.none()))
                .isInstanceOf(RunRefused.class).hasMessageContaining("phase 'a'");
        assertThat(f.engine.runs(10)).hasSize(1);
    }

    @Test
    void onlyRunsJustTheNamedPhasesAndTakesWhatTheyNeed() throws Exception {
        var first = f.run(CHAIN);
        ran();
        var second = f.run(CHAIN, only("b", "d"));
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("b", "d");
        assertThat(skipReason(second, "a")).isEqualTo("taken from run " + first.id());
        assertThat(skipReason(second, "c")).isEqualTo("not selected (--only)");
        assertThat(json("upstream-b.json").get("a").get("stamp").asText()).isEqualTo(first.id().value());
    }

    @Test
    void onlyAPhaseWithoutNeedsNeedsNoEarlierRun() throws Exception {
        var r = f.run(CHAIN, only("a"));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactly("a");
        assertThat(r.job("b").status()).isEqualTo(JobStatus.SKIPPED);
    }

    @Test
    void aFanOutOverAPhaseTakenFromAnEarlierRunGetsItsItems() throws Exception {
        String fan = """
                pipeline: fan
                phases:
                  - id: parse
                    run: echo parse >> ran; echo 'scenes=["s1","s2"]' >> "$BATON_OUTPUT"
                  - id: cue
                    needs: [parse]
                    foreach: { output: parse.scenes }
                    run: echo "cue $BATON_ITEM" >> ran
                """;
        f.run(fan);
        ran();
        DryRun plan = f.engine.planRun(f.load(fan), from("cue"));
        assertThat(plan.jobs()).extracting(DryRunJob::id).containsExactly("parse", "cue[0]", "cue[1]");
        assertThat(plan.jobs().get(2).env()).containsEntry("BATON_ITEM", "s2");

        var again = f.run(fan, from("cue"));
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran()).containsExactlyInAnyOrder("cue s1", "cue s2");
        assertThat(again.jobs().keySet()).containsExactlyInAnyOrderElementsOf(plan.jobs().stream().map(DryRunJob::id).toList());
    }

    @Test
    void unknownPhasesInFromAndOnlyGetADidYouMean() throws Exception {
        LoadedPipeline p = f.load(CHAIN);
        assertThatThrownBy(() -> f.engine.start(p, from("bb"), List.of()))
                .isInstanceOf(RunRefused.class).hasMessage("--from: unknown phase 'bb' (did you mean 'b'?)");
        assertThatThrownBy(() -> Engine.planRun(p, only("d", "cc"), EarlierRuns.none()))
                .isInstanceOf(RunRefused.class).hasMessage("--only: unknown phase 'cc' (did you mean 'c'?)");
        assertThatThrownBy(() -> Engine.planRun(p, RunOptions.defaults().withSelection("b", List.of("c")), EarlierRuns.none()))
                .isInstanceOf(RunRefused.class).hasMessageStartingWith("--from and --only do not go together");
        assertThat(f.engine.runs(10)).isEmpty();
    }
}
